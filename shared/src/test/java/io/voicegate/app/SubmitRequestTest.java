package io.voicegate.app;

import io.voicegate.domain.AccountSuspendedException;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.IdempotencyConflictException;
import io.voicegate.domain.IdempotencyInFlightException;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Source;
import io.voicegate.domain.SubmissionRules;
import io.voicegate.domain.Transition;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.json.JsonBodyDecoder;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.StoreBusyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Submitting on the fakes: one transaction creates the request with its hold, an idempotency key replays the first
 * result (charged once), a refused submit charges nothing and frees its key, and the dispatch message is only a hint.
 * That the same rules hold on DynamoDB's conditions is the store's contract ({@code RequestStoreContract}).
 */
class SubmitRequestTest {

    private static final long HOLD = 70_000;

    /** A request store whose next insert fails as scripted: before writing anything, or after committing. */
    static final class FailingStore extends InMemoryRequestStore {
        private Supplier<RuntimeException> next;
        private boolean afterCommit;

        void failNextInsert(Supplier<RuntimeException> failure, boolean committed) {
            this.next = failure;
            this.afterCommit = committed;
        }

        @Override
        public synchronized void insert(Request request, Optional<LedgerEntry> hold,
                                        Optional<IdempotencyRecord> claim) {
            Supplier<RuntimeException> failure = next;
            next = null;
            if (failure != null && !afterCommit) {
                throw failure.get();
            }
            super.insert(request, hold, claim);
            if (failure != null) {
                throw failure.get();
            }
        }
    }

    private final FailingStore store = new FailingStore();
    private final Gateway gateway = new Gateway(store);
    private final SubmitRequest submit = gateway.submitRequest();

    private static SubmitCommand command(String body, Optional<String> key) {
        return new SubmitCommand(Gateway.ACCOUNT, Source.HTTP, JsonBodyDecoder.read(body), key);
    }

    private SubmitResult submit(String body, String key) {
        return submit.submit(command(body, Optional.of(key)));
    }

    private List<LedgerEntry> ledger() {
        return List.copyOf(store.ledger.values());
    }

    private Optional<IdempotencyRecord> keyRecord(String key) {
        return Optional.ofNullable(gateway.accounts.idempotency.get(Gateway.ACCOUNT + "/" + key));
    }

    /** What must be true after a submit that was refused: no request, no charge, no ledger entry, no message. */
    private void assertNothingCharged() {
        assertThat(store.all()).isEmpty();
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
        assertThat(store.ledger).isEmpty();
        assertThat(gateway.dispatched).isEmpty();
        assertThat(gateway.metrics.events()).doesNotContain("requestSubmitted");
    }

    @Test
    void aSubmitCreatesTheDispatchedRequestDebitsTheHoldWritesOneHoldEntryAndQueuesTheDispatchHint() {
        SubmitResult result = submit.submit(command(Gateway.body("ada"), Optional.empty()));

        Request request = result.request();
        assertThat(result.replayed()).isFalse();
        assertThat(request.status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(request.accountId()).isEqualTo(Gateway.ACCOUNT);
        assertThat(request.billing().state()).isEqualTo(BillingState.HELD);
        assertThat(request.billing().held()).isEqualTo(Money.ofMicros(HOLD));
        assertThat(store.find(request.requestId())).contains(request);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(ledger()).singleElement().satisfies(entry -> {
            assertThat(entry.entryId()).isEqualTo(request.requestId() + "#hold");
            assertThat(entry.kind()).isEqualTo(LedgerEntryKind.HOLD);
            assertThat(entry.amount()).isEqualTo(Money.ofMicros(-HOLD));
            assertThat(entry.requestId()).isEqualTo(request.requestId());
        });
        assertThat(gateway.dispatched).containsExactly(request.requestId());
        assertThat(gateway.taskMayExistHints).as("a new request has no task yet").isEmpty();
        assertThat(gateway.metrics.events()).containsExactly("requestSubmitted");
    }

    @Test
    void withoutAKeyTwoSubmitsAreTwoRequestsChargedTwice() {
        String first = submit.submit(command(Gateway.body("ada"), Optional.empty())).request().requestId();
        String second = submit.submit(command(Gateway.body("bea"), Optional.empty())).request().requestId();

        assertThat(first).isNotEqualTo(second);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 2 * HOLD);
        assertThat(store.ledger).containsOnlyKeys(first + "#hold", second + "#hold");
    }

    @Test
    void theSameKeyAndBodyReplayTheSameRequestAndChargeOnce() {
        SubmitResult first = submit(Gateway.body("ada"), "k-1");
        String reordered = "{ \"payload\": {\"voice_url\":\"https://cdn.example.com/ada.mp3\", \"voice_name\":\"ada\"},"
                + "\n \"model\": \"kling-custom-voice\" }";

        SubmitResult again = submit(Gateway.body("ada"), "k-1");
        SubmitResult sameValue = submit(reordered, "k-1");

        assertThat(again.replayed()).isTrue();
        assertThat(sameValue.replayed()).as("bodies are compared as JSON values").isTrue();
        assertThat(again.request()).isEqualTo(first.request());
        assertThat(sameValue.request()).isEqualTo(first.request());
        assertThat(store.all()).hasSize(1);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(store.ledger).containsOnlyKeys(first.request().requestId() + "#hold");
        assertThat(gateway.dispatched).containsExactly(first.request().requestId());
        assertThat(gateway.metrics.events()).containsExactly("requestSubmitted");
        assertThat(keyRecord("k-1").orElseThrow().completed()).isTrue();
    }

    @Test
    void aReplayAnswersTheRequestAsFirstSubmittedEvenAfterItMovedOn() {
        Request first = submit(Gateway.body("ada"), "k-1").request();
        store.advance(first.requestId(), Transition.processing("task-1"), gateway.clock.instant().plusSeconds(5));

        SubmitResult again = submit(Gateway.body("ada"), "k-1");

        assertThat(again.replayed()).isTrue();
        assertThat(again.request()).isEqualTo(first);
        assertThat(again.request().status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(again.request().klingTaskId()).isEmpty();
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndChangesNothing() {
        Request first = submit(Gateway.body("ada"), "k-1").request();

        assertThatThrownBy(() -> submit(Gateway.body("bea"), "k-1")).isInstanceOf(IdempotencyConflictException.class);

        assertThat(store.all()).containsExactly(first);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(gateway.dispatched).containsExactly(first.requestId());
    }

    @Test
    void keysAreTheAccountsOwnAnotherAccountMayUseTheSameKey() {
        gateway.store.withBalance("globex", Gateway.OPENING);
        Request mine = submit(Gateway.body("ada"), "k-1").request();

        SubmitResult theirs = submit.submit(new SubmitCommand("globex", Source.HTTP,
                JsonBodyDecoder.read(Gateway.body("ada")), Optional.of("k-1")));

        assertThat(theirs.replayed()).isFalse();
        assertThat(theirs.request().requestId()).isNotEqualTo(mine.requestId());
        assertThat(store.balance("globex")).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
    }

    @Test
    void aSubmitFailingInAnUnknownWayKeepsItsKeyLockedThenATakeOverReusesTheRequestId() {
        store.failNextInsert(() -> new IllegalStateException("connection reset"), false);
        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-1")).isInstanceOf(IllegalStateException.class);
        String claimed = keyRecord("k-1").orElseThrow().requestId();

        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-1"))
                .isInstanceOfSatisfying(IdempotencyInFlightException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        gateway.clock.advance(SubmitRequest.CLAIM_LOCK);
        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-1"))
                .as("the lock holds up to its last instant").isInstanceOf(IdempotencyInFlightException.class);
        gateway.clock.advance(Duration.ofMillis(1));
        SubmitResult taken = submit(Gateway.body("ada"), "k-1");

        assertThat(taken.replayed()).isFalse();
        assertThat(taken.request().requestId()).isEqualTo(claimed);
        assertThat(store.all()).hasSize(1);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(store.ledger).containsOnlyKeys(claimed + "#hold");
        assertThat(keyRecord("k-1").orElseThrow().completed()).isTrue();
    }

    @Test
    void aSubmitWhoseAnswerWasLostAfterTheCommitIsReplayedByTheRetryAndChargedOnce() {
        store.failNextInsert(() -> new IllegalStateException("answer lost"), true);
        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-1")).isInstanceOf(IllegalStateException.class);

        SubmitResult retry = submit(Gateway.body("ada"), "k-1");

        assertThat(retry.replayed()).isTrue();
        assertThat(store.all()).extracting(Request::requestId).containsExactly(retry.request().requestId());
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(store.ledger).hasSize(1);
    }

    @Test
    void aTakenOverClaimWhoseFirstAttemptHadCommittedReplaysThatRequest() {
        String key = "k-1";
        SubmitResult first = submit(Gateway.body("ada"), key);
        // the first attempt committed, but its claim still reads as unfinished and its lock has run out
        IdempotencyRecord done = keyRecord(key).orElseThrow();
        gateway.accounts.idempotency.put(Gateway.ACCOUNT + "/" + key, new IdempotencyRecord(done.accountId(),
                done.key(), done.bodyHash(), done.requestId(), false, done.lockedUntil(), done.claimToken()));
        gateway.clock.advance(SubmitRequest.CLAIM_LOCK.plusSeconds(1));

        SubmitResult retry = submit(Gateway.body("ada"), key);

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.request()).isEqualTo(first.request());
        assertThat(store.all()).hasSize(1);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(keyRecord(key).orElseThrow().completed()).isTrue();
        assertThat(gateway.metrics.events()).containsExactly("requestSubmitted");
    }

    @Test
    void anInvalidBodyIsRefusedNamingTheFieldWithNothingChargedOrRemembered() {
        String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_url\":\"https://cdn.example.com/a.mp3\"}}";

        assertThatThrownBy(() -> submit(body, "k-1")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors()).extracting(f -> f.field()).contains("payload.voice_name"));

        assertNothingCharged();
        assertThat(keyRecord("k-1")).isEmpty();
        assertThat(submit(Gateway.body("ada"), "k-1").replayed()).as("the key was never taken").isFalse();
    }

    @Test
    void anUnreadableBodyIsAValidationErrorWithNothingCharged() {
        assertThatThrownBy(() -> submit("{\"model\":", "k-1")).isInstanceOf(ValidationException.class);

        assertNothingCharged();
        assertThat(keyRecord("k-1")).isEmpty();
    }

    @Test
    void anInsufficientBalanceChargesNothingAndFreesTheKeyForTheRetryAfterATopUp() {
        store.withBalance(Gateway.ACCOUNT, HOLD - 1);

        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-1")).isInstanceOf(InsufficientBalanceException.class);

        assertThat(store.all()).isEmpty();
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(HOLD - 1);
        assertThat(store.ledger).isEmpty();
        assertThat(gateway.dispatched).isEmpty();
        assertThat(keyRecord("k-1")).isEmpty();
        store.withBalance(Gateway.ACCOUNT, HOLD);
        SubmitResult retry = submit(Gateway.body("ada"), "k-1");
        assertThat(retry.replayed()).isFalse();
        assertThat(store.balance(Gateway.ACCOUNT)).isZero();
    }

    @Test
    void aBalanceOfExactlyTheHoldIsEnough() {
        store.withBalance(Gateway.ACCOUNT, HOLD);

        submit.submit(command(Gateway.body("ada"), Optional.empty()));

        assertThat(store.balance(Gateway.ACCOUNT)).isZero();
    }

    @Test
    void aSuspendedAccountIsRefusedChargedNothingAndItsKeyFreed() {
        gateway.accounts.suspend(Gateway.ACCOUNT, "chargeback", gateway.clock.instant());

        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-1")).isInstanceOf(AccountSuspendedException.class);

        assertNothingCharged();
        assertThat(keyRecord("k-1")).isEmpty();
        gateway.accounts.resume(Gateway.ACCOUNT);
        assertThat(submit(Gateway.body("ada"), "k-1").replayed()).isFalse();
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
    }

    @Test
    void aVoiceNameTakenIsRefusedChargedNothingAndItsKeyFreed() {
        Request holder = submit(Gateway.body("ada"), "k-1").request();

        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-2")).isInstanceOf(VoiceNameTakenException.class);

        assertThat(store.all()).containsExactly(holder);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(store.ledger).containsOnlyKeys(holder.requestId() + "#hold");
        assertThat(keyRecord("k-2")).isEmpty();
        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-2"))
                .as("the retry is refused for the name again, not told the key is in flight")
                .isInstanceOf(VoiceNameTakenException.class);
    }

    @Test
    void aBusyStoreWritesNothingAndFreesTheKeySoTheRetrySucceedsAtOnce() {
        store.failNextInsert(() -> new StoreBusyException("scripted: TransactionConflict", null), false);

        assertThatThrownBy(() -> submit(Gateway.body("ada"), "k-1")).isInstanceOf(StoreBusyException.class);

        assertNothingCharged();
        assertThat(keyRecord("k-1")).isEmpty();
        SubmitResult retry = submit(Gateway.body("ada"), "k-1");
        assertThat(retry.replayed()).isFalse();
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(store.ledger).containsOnlyKeys(retry.request().requestId() + "#hold");
    }

    @Test
    void aBusyStoreWithoutAKeyChargesNothing() {
        store.failNextInsert(() -> new StoreBusyException("scripted: throttled", null), false);

        assertThatThrownBy(() -> submit.submit(command(Gateway.body("ada"), Optional.empty())))
                .isInstanceOf(StoreBusyException.class);

        assertNothingCharged();
    }

    @Test
    void aQueueOutageAfterTheCommitLosesNothingTheSweeperResendsTheHint() {
        InMemoryRequestQueue queue = new InMemoryRequestQueue(gateway.clock);
        queue.unreachable = true;
        SubmitRequest withQueueDown = submitting(queue);

        SubmitResult result = withQueueDown.submit(command(Gateway.body("ada"), Optional.of("k-1")));

        String id = result.request().requestId();
        assertThat(result.replayed()).isFalse();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - HOLD);
        assertThat(keyRecord("k-1").orElseThrow().completed()).isTrue();
        assertThat(queue.pending()).isEmpty();
        gateway.clock.advance(Duration.ofMinutes(11));
        gateway.sweeper().sweep();
        assertThat(gateway.taskMayExistHints).containsExactly(id);
    }

    @Test
    void theDispatchHintNamesTheNewRequestAsHavingNoTaskYet() {
        InMemoryRequestQueue queue = new InMemoryRequestQueue(gateway.clock);

        String id = submitting(queue).submit(command(Gateway.body("ada"), Optional.of("k-1"))).request().requestId();
        submitting(queue).submit(command(Gateway.body("ada"), Optional.of("k-1")));

        assertThat(queue.receive()).containsExactly(
                new InMemoryRequestQueue.Message(id, false, Optional.empty(), gateway.clock.instant()));
    }

    private SubmitRequest submitting(DispatchQueue queue) {
        return new SubmitRequest(new SubmissionRules(gateway.catalog, false), store, gateway.accounts, queue,
                new RequestIds(gateway.clock, new Random(7)), gateway.clock, gateway.metrics);
    }
}
