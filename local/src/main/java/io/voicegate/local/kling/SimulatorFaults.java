package io.voicegate.local.kling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Faults on demand. A scripted fault is keyed: it applies to requests that name the key as their
 * {@code external_task_id}, {@code voice_name}, path id or {@code voice_id}, or that concern a task created with that
 * external id or voice name; {@link #ANY} matches every request. Request faults are used up after {@code times}
 * requests; task faults stay until {@link #clear()}. Random faults come from {@link #randomly(long, FaultRates)}.
 * A create carrying a {@link MagicInput} marker gets its behaviour when no scripted fault applies, in place of a random
 * outcome or callback fault.
 */
public final class SimulatorFaults {

    /** Matches every request. */
    public static final String ANY = "*";

    private final List<Counted<ErrorReply>> errors = new ArrayList<>();
    private final List<Counted<Duration>> delays = new ArrayList<>();
    private final List<Counted<LostResponse>> lostCreates = new ArrayList<>();
    private final Map<String, TaskOutcome> outcomes = new HashMap<>();
    private final Map<String, CallbackFault> callbackFaults = new HashMap<>();
    private final Map<String, String> billedUnits = new HashMap<>();
    private final Set<String> leftOffBill = new HashSet<>();
    private final Map<String, String> unknownBilled = new LinkedHashMap<>();
    private Random random = new Random(0);
    private FaultRates rates = FaultRates.none();

    /** The next {@code times} matching requests get this answer, before anything is done. */
    public synchronized void failRequests(String key, int times, int httpStatus, int code, String message) {
        errors.add(new Counted<>(key, times, new ErrorReply(httpStatus, code, message)));
    }

    /** HTTP 429 / 1303 "parallel task over resource pack limit" {@code times} times, then normal answers. */
    public void rateLimit(String key, int times) {
        failRequests(key, times, 429, 1303, "parallel task over resource pack limit");
    }

    /** HTTP 500 / 5000 before anything is done, {@code times} times. */
    public void serverError(String key, int times) {
        failRequests(key, times, 500, 5000, "internal error");
    }

    /** The next {@code times} matching answers are sent only after {@code delay} (the work itself is done). */
    public synchronized void delayResponses(String key, int times, Duration delay) {
        delays.add(new Counted<>(key, times, delay));
    }

    /** The next matching create makes the task, then loses the answer. */
    public synchronized void loseCreateResponse(String key, LostResponse how) {
        lostCreates.add(new Counted<>(key, 1, how));
    }

    /** Matching tasks end {@code failed} with this {@code task_status_msg}, e.g. a content-policy reason. */
    public synchronized void failTask(String key, String statusMessage) {
        outcomes.put(key, TaskOutcome.failed(statusMessage));
    }

    /** Matching tasks end {@code succeed} with an empty {@code task_result.voices}. */
    public synchronized void succeedWithoutVoices(String key) {
        outcomes.put(key, TaskOutcome.succeedWithoutVoices());
    }

    /** Matching tasks reach {@code processing} and stay there for ever (no terminal callback, ever). */
    public synchronized void neverEnd(String key) {
        outcomes.put(key, TaskOutcome.neverEnds());
    }

    /**
     * Matching tasks are created, then Kling no longer knows them: queries by task or external id answer HTTP 404 /
     * 1203 "task not found", and they send no callback and never end.
     */
    public synchronized void forgetTask(String key) {
        outcomes.put(key, TaskOutcome.forgottenAfterCreate());
    }

    /** Matching tasks succeed with a voice and this {@code final_unit_deduction} text, e.g. {@code "abc"}. */
    public synchronized void succeedWithUnits(String key, String units) {
        outcomes.put(key, TaskOutcome.succeedWithUnits(units));
    }

    public synchronized void callbacks(String key, CallbackFault fault) {
        callbackFaults.put(key, fault);
    }

    /** Kling's bill charges matching tasks these units instead of what the task reported (a bill that disagrees). */
    public synchronized void billUnits(String key, String units) {
        billedUnits.put(key, units);
    }

    /** Kling's bill leaves matching tasks out, as if Kling had not charged them. */
    public synchronized void leaveOffBill(String key) {
        leftOffBill.add(key);
    }

    /** Kling's bill has a line for a task this simulator never ran (created now), e.g. another system's. */
    public synchronized void billUnknownTask(String taskId, String units) {
        unknownBilled.put(taskId, units);
    }

    /** The units the bill shows for a task with these keys: empty when left off, else the override or its own. */
    synchronized Optional<String> billedUnits(Set<String> keys, String ownUnits) {
        if (keys.stream().anyMatch(leftOffBill::contains)) {
            return Optional.empty();
        }
        return Optional.of(lookup(billedUnits, keys).orElse(ownUnits));
    }

    synchronized Map<String, String> unknownBilledTasks() {
        return Map.copyOf(unknownBilled);
    }

    /** Random faults at these rates, replayable from {@code seed}; {@link FaultRates#none()} turns them off. */
    public synchronized void randomly(long seed, FaultRates rates) {
        this.random = new Random(seed);
        this.rates = rates;
    }

    /** Forgets every scripted fault and turns random faults off. */
    public synchronized void clear() {
        errors.clear();
        delays.clear();
        lostCreates.clear();
        outcomes.clear();
        callbackFaults.clear();
        billedUnits.clear();
        leftOffBill.clear();
        unknownBilled.clear();
        rates = FaultRates.none();
    }

    synchronized Optional<ErrorReply> takeError(Set<String> keys) {
        Optional<ErrorReply> scripted = take(errors, keys);
        if (scripted.isPresent()) {
            return scripted;
        }
        if (chance(rates.serverErrors())) {
            return Optional.of(new ErrorReply(500, 5000, "internal error"));
        }
        if (chance(rates.rateLimits())) {
            return Optional.of(new ErrorReply(429, 1303, "parallel task over resource pack limit"));
        }
        return Optional.empty();
    }

    synchronized Optional<Duration> takeDelay(Set<String> keys) {
        Optional<Duration> scripted = take(delays, keys);
        return scripted.isPresent() || !chance(rates.slowResponses()) ? scripted : Optional.of(rates.slowDelay());
    }

    synchronized Optional<LostResponse> takeLostCreate(Set<String> keys) {
        Optional<LostResponse> scripted = take(lostCreates, keys);
        return scripted.isPresent() || !chance(rates.lostCreates()) ? scripted : Optional.of(LostResponse.SERVER_ERROR);
    }

    /** A create refused for its {@link MagicInput#REJECTION} marker: HTTP 400 / 1201, no task made. */
    synchronized Optional<ErrorReply> magicRejection(Set<String> keys) {
        return MagicInput.in(keys).flatMap(MagicInput::rejection);
    }

    synchronized TaskOutcome outcomeFor(Set<String> keys) {
        return lookup(outcomes, keys).or(() -> MagicInput.in(keys).map(MagicInput::outcome))
                .orElseGet(() -> chance(rates.failedTasks()) ? TaskOutcome.failed(FaultRates.FAILED_TASK_MESSAGE)
                        : TaskOutcome.succeedWithVoice());
    }

    synchronized Optional<CallbackFault> callbackFaultFor(Set<String> keys) {
        Optional<CallbackFault> scripted = lookup(callbackFaults, keys);
        if (scripted.isPresent()) {
            return scripted;
        }
        Optional<MagicInput> magic = MagicInput.in(keys);
        if (magic.isPresent()) {
            return magic.get().callbackFault();
        }
        if (chance(rates.duplicateCallbacks())) {
            return Optional.of(CallbackFault.DUPLICATE);
        }
        if (chance(rates.droppedCallbacks())) {
            return Optional.of(CallbackFault.DROP_TERMINAL);
        }
        return chance(rates.reorderedCallbacks()) ? Optional.of(CallbackFault.OUT_OF_ORDER) : Optional.empty();
    }

    private boolean chance(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    private static <T> Optional<T> take(List<Counted<T>> rules, Set<String> keys) {
        for (Iterator<Counted<T>> it = rules.iterator(); it.hasNext(); ) {
            Counted<T> rule = it.next();
            if (rule.key.equals(ANY) || keys.contains(rule.key)) {
                if (--rule.remaining <= 0) {
                    it.remove();
                }
                return Optional.of(rule.value);
            }
        }
        return Optional.empty();
    }

    private static <T> Optional<T> lookup(Map<String, T> rules, Set<String> keys) {
        return keys.stream().filter(rules::containsKey).findFirst().map(rules::get)
                .or(() -> Optional.ofNullable(rules.get(ANY)));
    }

    /** An error answer: HTTP status, Kling business code and message. */
    record ErrorReply(int httpStatus, int code, String message) {
    }

    private static final class Counted<T> {
        private final String key;
        private final T value;
        private int remaining;

        Counted(String key, int times, T value) {
            if (times < 1) {
                throw new IllegalArgumentException("times must be at least 1");
            }
            this.key = key;
            this.remaining = times;
            this.value = value;
        }
    }
}
