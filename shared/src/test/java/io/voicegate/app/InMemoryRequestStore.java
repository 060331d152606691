package io.voicegate.app;

import io.voicegate.domain.AccountSuspendedException;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestBuilder;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.StatementLine;
import io.voicegate.domain.Transition;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.port.RequestStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RequestStore} in memory, with the DynamoDB adapter's conditions (held to them by {@code RequestStoreContract},
 * which runs against both). It also holds what the adapter keeps in the accounts table and its transactions touch:
 * balances, ledger entries, suspensions and voice-name claims, so {@link InMemoryAccounts} and
 * {@link InMemoryLedger} are views of the same accounts. Counts every call, so a test can prove none was made.
 */
public class InMemoryRequestStore implements RequestStore {

    final Map<String, Request> requests = new LinkedHashMap<>();
    final Map<String, Instant> openSince = new LinkedHashMap<>();
    final Map<String, Long> balances = new LinkedHashMap<>();
    /** The balance each account was opened with, as the DynamoDB adapter keeps it on the profile. */
    final Map<String, Long> openings = new LinkedHashMap<>();
    final Map<String, Instant> accountsCreatedAt = new LinkedHashMap<>();
    /** Suspended accounts: id → reason and since when. */
    final Map<String, Map.Entry<String, Instant>> suspended = new LinkedHashMap<>();
    /** The requests' ledger entries (hold, settle, refund) by entry id: unique, as request ids are. */
    final Map<String, LedgerEntry> ledger = new LinkedHashMap<>();
    /** Operators' credits and debits by "{account}/{entry id}". */
    final Map<String, StatementLine> adjustments = new LinkedHashMap<>();
    final Map<String, List<String>> lateVoices = new LinkedHashMap<>();
    /** Requests the dispatch worker marked before its first Kling create. */
    final Map<String, Instant> createAttempted = new LinkedHashMap<>();
    /** Voice-name claims: "{account}/{NFC name}" → the request holding it. */
    final Map<String, String> voiceNames = new LinkedHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    /** Where the submit transaction marks an idempotency claim completed, and the voices a success creates go. */
    InMemoryAccounts claims;

    /** Opens an account with this balance (µUSD), or sets the balance of an open one. */
    public synchronized InMemoryRequestStore withBalance(String accountId, long micros) {
        balances.put(accountId, micros);
        accountsCreatedAt.putIfAbsent(accountId, Instant.EPOCH);
        return this;
    }

    /** The request holding this voice name in the account, if any. */
    public synchronized Optional<String> voiceNameHolder(String accountId, String nameKey) {
        return Optional.ofNullable(voiceNames.get(accountId + "/" + nameKey));
    }

    public synchronized long balance(String accountId) {
        return balances.getOrDefault(accountId, 0L);
    }

    /** Every request stored, in the order they were inserted. */
    public synchronized List<Request> all() {
        return List.copyOf(requests.values());
    }

    @Override
    public synchronized void insert(Request request, Optional<LedgerEntry> hold, Optional<IdempotencyRecord> claim) {
        calls.incrementAndGet();
        // the conditions in the order the adapter reports them when several fail
        if (requests.containsKey(request.requestId())
                || hold.map(entry -> ledger.containsKey(entry.entryId())).orElse(false)) {
            throw new RequestExistsException(request.requestId());
        }
        if (hold.isPresent() && suspended.containsKey(request.accountId())) {
            throw new AccountSuspendedException(request.accountId());
        }
        Optional<String> nameKey = request.voiceNameClaim().map(name -> request.accountId() + "/" + name);
        if (nameKey.isPresent() && voiceNames.containsKey(nameKey.get())) {
            throw new VoiceNameTakenException(request.payload().get("voice_name"));
        }
        long amount = hold.map(entry -> -entry.amount().micros()).orElse(0L);
        if (hold.isPresent() && (!balances.containsKey(request.accountId())
                || balance(request.accountId()) < amount)) {
            throw new InsufficientBalanceException(request.accountId(), Money.ofMicros(amount));
        }
        if (claim.isPresent() && !claims.holds(claim.get())) {
            throw new ClaimLostException(claim.get().key());
        }
        hold.ifPresent(entry -> {
            balances.merge(request.accountId(), -amount, Long::sum);
            ledger.put(entry.entryId(), entry);
        });
        requests.put(request.requestId(), request);
        nameKey.ifPresent(key -> voiceNames.put(key, request.requestId()));
        if (!request.status().isTerminal() || request.billing().state() == BillingState.HELD) {
            openSince.put(request.requestId(), request.updatedAt());
        }
        claim.ifPresent(c -> claims.complete(c));
    }

    @Override
    public synchronized Optional<Request> find(String requestId) {
        calls.incrementAndGet();
        return Optional.ofNullable(requests.get(requestId));
    }

    @Override
    public synchronized boolean advance(String requestId, Transition transition, Instant now) {
        return tryAdvance(requestId, transition, now).moved();
    }

    @Override
    public synchronized Advance tryAdvance(String requestId, Transition transition, Instant now) {
        calls.incrementAndGet();
        Request r = requests.get(requestId);
        if (r == null || !transition.to().predecessors().contains(r.status())
                || (transition.klingTaskId().isPresent() && r.klingTaskId().isPresent()
                && !r.klingTaskId().equals(transition.klingTaskId()))) {
            return Advance.refused(Optional.ofNullable(r));
        }
        RequestBuilder moved = RequestBuilder.from(r).status(transition.to()).updatedAt(now);
        transition.outcome().ifPresent(moved::outcome);
        transition.klingTaskId().ifPresent(moved::klingTask);
        transition.klingUnits().ifPresent(moved::klingUnits);
        requests.put(requestId, moved.build());
        openSince.put(requestId, now);
        return Advance.made();
    }

    @Override
    public synchronized Optional<Request> markCreateAttempted(String requestId, Instant now) {
        calls.incrementAndGet();
        Request r = requests.get(requestId);
        if (r == null || r.status() != RequestStatus.DISPATCHED) {
            return Optional.empty();
        }
        createAttempted.putIfAbsent(requestId, now);
        return Optional.of(r);
    }

    @Override
    public synchronized boolean cancel(String requestId, Outcome outcome, Instant now) {
        Request r = requests.get(requestId);
        if (r == null || r.status() != RequestStatus.DISPATCHED || createAttempted.containsKey(requestId)) {
            calls.incrementAndGet();
            return false;
        }
        return advance(requestId, Transition.failed(outcome), now);
    }

    @Override
    public synchronized Settle settle(Request request, Settlement settlement, Instant now) {
        calls.incrementAndGet();
        Request r = requests.get(request.requestId());
        LedgerEntry entry = settlement.entry(request, now);
        if (r == null || r.billing().state() != BillingState.HELD || r.status() != request.status()
                || ledger.containsKey(entry.entryId())) {
            return new Settle(false, Optional.ofNullable(r));
        }
        if (!balances.containsKey(r.accountId())) {
            throw new IllegalStateException("account " + r.accountId() + " of request " + r.requestId()
                    + " does not exist");
        }
        ledger.put(entry.entryId(), entry);
        balances.merge(r.accountId(), settlement.balanceChange().micros(), Long::sum);
        requests.put(r.requestId(), RequestBuilder.from(r).billing(settlement.billing()).build());
        openSince.remove(r.requestId());
        // As in DynamoDB: the voices a success created become the account's in the settlement's transaction, and
        // a request ending without a voice frees its name there (only while it holds it).
        settlement.voices().forEach(v -> claims.voices.put(v.accountId() + "/" + v.voice().voiceId(), v));
        settlement.releasedName().ifPresent(name -> voiceNames.remove(r.accountId() + "/" + name, r.requestId()));
        return new Settle(true, Optional.of(requests.get(r.requestId())));
    }

    @Override
    public synchronized List<OpenRequest> open(OpenState state, Instant openBefore, int limit) {
        calls.incrementAndGet();
        List<OpenRequest> found = new ArrayList<>();
        for (Request r : requests.values()) {
            Instant at = openSince.get(r.requestId());
            boolean inState = switch (state) {
                case DISPATCHED -> r.status() == RequestStatus.DISPATCHED;
                case PROCESSING -> r.status() == RequestStatus.PROCESSING;
                case UNSETTLED -> r.status().isTerminal() && r.billing().state() == BillingState.HELD;
            };
            // the adapter's index keeps whole seconds
            if (at != null && inState && at.getEpochSecond() < openBefore.getEpochSecond()) {
                found.add(new OpenRequest(r.requestId(), Instant.ofEpochSecond(at.getEpochSecond())));
            }
        }
        found.sort(Comparator.comparing(OpenRequest::since));
        return List.copyOf(found.subList(0, Math.min(limit, found.size())));
    }

    @Override
    public synchronized boolean recordLateVoices(String requestId, List<String> voiceIds) {
        calls.incrementAndGet();
        if (!requests.containsKey(requestId)) {
            return false;
        }
        return lateVoices.putIfAbsent(requestId, List.copyOf(voiceIds)) == null;
    }

    /** Newest first by creation time (whole seconds, then request id, as the adapter's index orders them). */
    @Override
    public synchronized Page list(String accountId, Optional<RequestStatus> status, int limit,
                                  Optional<String> cursor) {
        calls.incrementAndGet();
        Comparator<Request> newestFirst = Comparator.comparing((Request r) -> r.createdAt().getEpochSecond())
                .thenComparing(Request::requestId).reversed();
        List<Request> mine = requests.values().stream().filter(r -> r.accountId().equals(accountId))
                .sorted(newestFirst).toList();
        Optional<String[]> after = cursor.map(InMemoryRequestStore::decodeCursor);
        List<Request> page = mine.stream()
                .filter(r -> after.isEmpty() || isAfter(r, after.get()))
                .filter(r -> status.isEmpty() || r.status() == status.get())
                .limit(limit + 1L).toList();
        List<Request> shown = page.subList(0, Math.min(limit, page.size()));
        Optional<String> next = page.size() > limit ? Optional.of(encodeCursor(shown.get(shown.size() - 1)))
                : Optional.empty();
        return new Page(List.copyOf(shown), next);
    }

    private static boolean isAfter(Request r, String[] position) {
        long createdAt = Long.parseLong(position[0]);
        long at = r.createdAt().getEpochSecond();
        return at < createdAt || at == createdAt && r.requestId().compareTo(position[1]) < 0;
    }

    private static String encodeCursor(Request last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((last.createdAt().getEpochSecond() + ":"
                + last.requestId()).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            Long.parseLong(text.substring(0, colon));
            String requestId = text.substring(colon + 1);
            if (requestId.isEmpty() || requestId.length() > 64) {
                throw new InvalidCursorException();
            }
            return new String[] {text.substring(0, colon), requestId};
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new InvalidCursorException();
        }
    }
}
