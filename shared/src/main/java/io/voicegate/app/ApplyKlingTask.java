package io.voicegate.app;

import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Voice;
import io.voicegate.domain.VoiceNames;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.port.RequestStore;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies what Kling says about a request's task (from a callback's re-query or from the sweeper) through the status
 * machine: {@code submitted}/{@code processing} → processing, {@code succeed} → success with the voices (or the
 * no-voices error), {@code failed} → failed with Kling's message. Every write is conditional, so a duplicate, late
 * or out-of-order answer changes nothing.
 */
public class ApplyKlingTask {

    private final RequestStore requests;
    private final Clock clock;

    public ApplyKlingTask(RequestStore requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /** @return true when the request changed */
    public boolean apply(Request request, KlingTask task) {
        RequestStatus target = switch (task.status()) {
            case SUBMITTED, PROCESSING -> RequestStatus.PROCESSING;
            case SUCCEED -> RequestStatus.SUCCESS;
            case FAILED -> RequestStatus.FAILED;
        };
        if (request.status().moveTo(target) == RequestStatus.Move.NO_OP || request.status().isTerminal()) {
            return false;
        }
        boolean changed = false;
        if (request.status() == RequestStatus.DISPATCHED && target != RequestStatus.FAILED) {
            // Kling's answer can overtake the worker's own write; the task id is recorded on the way through.
            changed = requests.advance(request.requestId(), Transition.processing(task.taskId()), clock.instant());
            if (target == RequestStatus.PROCESSING) {
                return changed;
            }
        }
        Optional<String> units = task.finalUnitDeduction().map(ApplyKlingTask::clip);
        Transition transition = switch (target) {
            case SUCCESS -> new Transition(RequestStatus.SUCCESS, Optional.of(task.taskId()),
                    Optional.of(Outcome.voices(asClientNamed(task.voices(), request))), units);
            case FAILED -> new Transition(RequestStatus.FAILED, Optional.of(task.taskId()),
                    Optional.of(failure(task)), units);
            default -> Transition.processing(task.taskId());
        };
        return requests.advance(request.requestId(), transition, clock.instant()) || changed;
    }

    /**
     * Kling knows each voice by the name derived from the request id ({@link VoiceNames#klingName}); the client sees
     * the name it chose, in the outcome, the webhook and {@code GET /voices}.
     */
    private static List<Voice> asClientNamed(List<Voice> voices, Request request) {
        String name = VoiceNames.clientName(request.payload());
        return voices.stream().map(v -> new Voice(v.voiceId(), name, v.trialUrl())).toList();
    }

    /** Units text is kept as Kling sent it, up to a length no number of units needs (longer is unusable anyway). */
    private static String clip(String units) {
        return units.length() <= Settlement.MAX_UNITS_TEXT ? units : units.substring(0, Settlement.MAX_UNITS_TEXT);
    }

    private static Outcome failure(KlingTask task) {
        String message = task.statusMessage().orElse("Kling reported that the task failed");
        String lower = message.toLowerCase(Locale.ROOT);
        boolean policy = lower.contains("policy") || lower.contains("risk") || lower.contains("sensitive")
                || lower.contains("security");
        return Outcome.failure(policy ? ErrorCodes.CONTENT_POLICY : ErrorCodes.UPSTREAM_FAILED, message);
    }
}
