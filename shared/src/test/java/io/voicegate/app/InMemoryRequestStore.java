package io.voicegate.app;

import io.voicegate.domain.Billing;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.port.RequestStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RequestStore} in memory, with the same conditions as the DynamoDB adapter; balances and ledger entries are
 * kept per account so use-case tests can check the money. Counts every call, so a test can prove none was made.
 */
public class InMemoryRequestStore implements RequestStore {

    final Map<String, Request> requests = new LinkedHashMap<>();
    final Map<String, Instant> openSince = new LinkedHashMap<>();
    final Map<String, Long> balances = new LinkedHashMap<>();
    final Map<String, LedgerEntry> ledger = new LinkedHashMap<>();
    final Map<String, List<String>> lateVoices = new LinkedHashMap<>();
    /** Requests the dispatch worker marked before its first Kling create. */
    final Map<String, Instant> createAttempted = new LinkedHashMap<>();
    /** Voice-name claims: "{account}/{NFC name}" → the request holding it. */
    final Map<String, String> voiceNames = new LinkedHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    /** Where the submit transaction marks an idempotency claim completed. */
    InMemoryAccounts claims;

    public InMemoryRequestStore withBalance(String accountId, long micros) {
        balances.put(accountId, micros);
        return this;
    }

    /** The request holding this voice name in the account, if any. */
    public synchronized Optional<String> voiceNameHolder(String accountId, String nameKey) {
        return Optional.ofNullable(voiceNames.get(accountId + "/" + nameKey));
    }

    public long balance(String accountId) {
        return balances.getOrDefault(accountId, 0L);
    }

    @Override
    public synchronized void insert(Request request, Optional<LedgerEntry> hold, Optional<IdempotencyRecord> claim) {
        calls.incrementAndGet();
        if (requests.containsKey(request.requestId())) {
            throw new RequestExistsException(request.requestId());
        }
        Optional<String> nameKey = request.voiceNameClaim().map(name -> request.accountId() + "/" + name);
        if (nameKey.isPresent() && voiceNames.containsKey(nameKey.get())) {
            throw new io.voicegate.domain.VoiceNameTakenException(request.payload().get("voice_name"));
        }
        if (hold.isPresent()) {
            long amount = -hold.get().amount().micros();
            if (balance(request.accountId()) < amount) {
                throw new io.voicegate.domain.InsufficientBalanceException(request.accountId(),
                        Money.ofMicros(amount));
            }
            balances.merge(request.accountId(), -amount, Long::sum);
            ledger.put(hold.get().entryId(), hold.get());
        }
        requests.put(request.requestId(), request);
        nameKey.ifPresent(key -> voiceNames.put(key, request.requestId()));
        if (!request.status().isTerminal()) {
            openSince.put(request.requestId(), request.createdAt());
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
        requests.put(requestId, new Request(r.requestId(), r.accountId(), r.model(), r.source(), transition.to(),
                r.createdAt(), now, r.payload(), r.webhookUrl(), transition.outcome().or(r::outcome), r.billing(),
                transition.klingTaskId().or(r::klingTaskId), transition.klingUnits().or(r::klingUnits)));
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
    public synchronized boolean cancel(String requestId, io.voicegate.domain.Outcome outcome, Instant now) {
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
        if (r == null || r.billing().state() != BillingState.HELD || r.status() != request.status()) {
            return new Settle(false, Optional.ofNullable(r));
        }
        LedgerEntry entry = settlement.entry(request, now);
        ledger.put(entry.entryId(), entry);
        balances.merge(r.accountId(), settlement.balanceChange().micros(), Long::sum);
        Billing billing = settlement.billing();
        requests.put(r.requestId(), new Request(r.requestId(), r.accountId(), r.model(), r.source(), r.status(),
                r.createdAt(), r.updatedAt(), r.payload(), r.webhookUrl(), r.outcome(), billing, r.klingTaskId(),
                r.klingUnits()));
        openSince.remove(r.requestId());
        // As in DynamoDB: the voices a success created become the account's in the settlement's transaction, and
        // a request ending without a voice frees its name there (only while it holds it).
        request.ownedVoices(now).forEach(v -> claims.voices.put(v.voice().voiceId(), v));
        if (request.releasesVoiceName()) {
            voiceNames.remove(r.accountId() + "/" + io.voicegate.domain.VoiceNames.claimKey(
                    io.voicegate.domain.VoiceNames.clientName(r.payload())), r.requestId());
        }
        return new Settle(true, Optional.of(requests.get(r.requestId())));
    }

    @Override
    public synchronized List<OpenRequest> open(OpenState state, Instant since, int limit) {
        calls.incrementAndGet();
        List<OpenRequest> found = new ArrayList<>();
        for (Request r : requests.values()) {
            Instant at = openSince.get(r.requestId());
            boolean inState = switch (state) {
                case DISPATCHED -> r.status() == RequestStatus.DISPATCHED;
                case PROCESSING -> r.status() == RequestStatus.PROCESSING;
                case UNSETTLED -> r.status().isTerminal() && r.billing().state() == BillingState.HELD;
            };
            if (at != null && inState && at.isBefore(since)) {
                found.add(new OpenRequest(r.requestId(), at));
            }
        }
        found.sort(Comparator.comparing(OpenRequest::since));
        return found.subList(0, Math.min(limit, found.size()));
    }

    @Override
    public synchronized boolean recordLateVoices(String requestId, List<String> voiceIds) {
        calls.incrementAndGet();
        return lateVoices.putIfAbsent(requestId, List.copyOf(voiceIds)) == null;
    }

    @Override
    public synchronized Page list(String accountId, Optional<RequestStatus> status, int limit,
                                  Optional<String> cursor) {
        calls.incrementAndGet();
        return new Page(requests.values().stream().filter(r -> r.accountId().equals(accountId)).toList(),
                Optional.empty());
    }
}
