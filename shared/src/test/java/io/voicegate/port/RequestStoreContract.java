package io.voicegate.port;

import io.voicegate.domain.AccountSuspendedException;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Voice;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.domain.VoiceNames;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RequestStore} must do: the conditional writes that make submit, dispatch, cancel and settlement
 * safe. Runs against the in-memory fake ({@code shared}) and the DynamoDB adapter on the local engine ({@code local}),
 * so the fake the use-case tests stand on cannot drift from the adapter.
 */
public abstract class RequestStoreContract {

    private static final long OPENING = 1_000_000;
    private static final io.voicegate.domain.ModelCatalog CATALOG =
            io.voicegate.domain.ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000));

    /** A fresh storage for each test (the same instance for the whole test). */
    protected abstract Storage storage();

    private RequestStore store() {
        return storage().requests();
    }

    private Instant now() {
        return storage().clock().instant();
    }

    /** A request of the account, named uniquely, created now. */
    private Request request(String accountId) {
        return aRequest().account(accountId).voiceName("v-" + UUID.randomUUID().toString().substring(0, 8))
                .createdAt(now()).build();
    }

    private Request submitted(String accountId) {
        Request request = request(accountId);
        store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        return request;
    }

    private List<String> entryIds(String accountId) {
        return storage().accounts().snapshot(accountId, 100).orElseThrow().recentEntries().stream()
                .map(LedgerEntry::entryId).toList();
    }

    private Request stored(Request request) {
        return store().find(request.requestId()).orElseThrow();
    }

    @Test
    void aRequestReadsBackAsItWasInserted() {
        String account = storage().openAccount(OPENING);
        Request request = aRequest().account(account).videoId("vid_1").webhook("https://client.example.com/h")
                .createdAt(now()).build();

        store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());

        assertThat(store().find(request.requestId())).contains(request);
        assertThat(store().find(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void theHoldIsDebitedAndItsEntryWrittenWithTheRequest() {
        String account = storage().openAccount(OPENING);

        Request request = submitted(account);

        assertThat(storage().balance(account)).isEqualTo(OPENING - 70_000);
        assertThat(storage().accounts().snapshot(account, 10).orElseThrow().recentEntries())
                .extracting(LedgerEntry::entryId, e -> e.amount().micros())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(request.requestId() + "#hold", -70_000L));
    }

    @Test
    void aSecondInsertOfTheSameIdExistsAndChargesNothing() {
        String account = storage().openAccount(OPENING);
        Request request = submitted(account);

        assertThatThrownBy(() -> store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty()))
                .isInstanceOf(RequestStore.RequestExistsException.class);
        assertThat(storage().balance(account)).isEqualTo(OPENING - 70_000);
    }

    @Test
    void aBalanceBelowTheHoldIsInsufficientAndWritesNothing() {
        String account = storage().openAccount(69_999);
        Request request = request(account);

        assertThatThrownBy(() -> store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty()))
                .isInstanceOf(InsufficientBalanceException.class);

        assertThat(store().find(request.requestId())).isEmpty();
        assertThat(storage().balance(account)).isEqualTo(69_999);
        assertThat(entryIds(account)).isEmpty();
        // the voice name was not claimed either
        store().insert(aRequest().account(account).voiceName(request.payload().get("voice_name")).createdAt(now())
                .build(), Optional.empty(), Optional.empty());
    }

    @Test
    void anUnknownAccountCannotBeCharged() {
        Request request = request("acct-" + UUID.randomUUID());

        assertThatThrownBy(() -> store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty()))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(store().find(request.requestId())).isEmpty();
    }

    @Test
    void aSuspendedAccountIsRefusedBeforeItsBalanceIsLookedAt() {
        String account = storage().openAccount(0);
        storage().directory().suspend(account, "fraud review", now());
        Request request = request(account);

        assertThatThrownBy(() -> store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty()))
                .isInstanceOf(AccountSuspendedException.class);
        assertThat(store().find(request.requestId())).isEmpty();

        storage().directory().resume(account);
        assertThatThrownBy(() -> store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty()))
                .isInstanceOf(InsufficientBalanceException.class);
    }

    @Test
    void aLiveVoiceNameIsTakenUntilItsRequestReleasesIt() {
        String account = storage().openAccount(OPENING);
        String other = storage().openAccount(OPENING);
        Request first = aRequest().account(account).voiceName("Amélie").createdAt(now()).build();
        store().insert(first, Optional.of(LedgerEntry.hold(first)), Optional.empty());
        Request decomposed = aRequest().account(account).voiceName("Ame\u0301lie").createdAt(now()).build();
        Request theirs = aRequest().account(other).voiceName("Amélie").createdAt(now()).build();

        assertThatThrownBy(() -> store().insert(decomposed, Optional.of(LedgerEntry.hold(decomposed)),
                Optional.empty())).isInstanceOf(VoiceNameTakenException.class);
        assertThat(storage().balance(account)).isEqualTo(OPENING - 70_000);
        store().insert(theirs, Optional.of(LedgerEntry.hold(theirs)), Optional.empty());

        storage().accounts().releaseVoiceName(account, VoiceNames.claimKey("Amélie"), decomposed.requestId());
        assertThatThrownBy(() -> store().insert(decomposed, Optional.of(LedgerEntry.hold(decomposed)),
                Optional.empty())).as("only the request holding the name frees it")
                .isInstanceOf(VoiceNameTakenException.class);
        storage().accounts().releaseVoiceName(account, VoiceNames.claimKey("Amélie"), first.requestId());
        store().insert(decomposed, Optional.of(LedgerEntry.hold(decomposed)), Optional.empty());
    }

    @Test
    void aTakenNameIsReportedBeforeATooLowBalance() {
        String account = storage().openAccount(70_000);
        Request first = aRequest().account(account).voiceName("ada").createdAt(now()).build();
        store().insert(first, Optional.of(LedgerEntry.hold(first)), Optional.empty());
        Request second = aRequest().account(account).voiceName("ada").createdAt(now()).build();

        assertThatThrownBy(() -> store().insert(second, Optional.of(LedgerEntry.hold(second)), Optional.empty()))
                .isInstanceOf(VoiceNameTakenException.class);
    }

    @Test
    void theIdempotencyClaimIsCompletedWithTheRequest() {
        String account = storage().openAccount(OPENING);
        Request request = request(account);
        IdempotencyRecord claim = claim(account, "key-1", request.requestId());
        assertThat(storage().idempotency().claim(claim)).isEmpty();

        store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.of(claim));

        IdempotencyRecord again = storage().idempotency().claim(claim(account, "key-1", "another"))
                .orElseThrow();
        assertThat(again.completed()).isTrue();
        assertThat(again.requestId()).isEqualTo(request.requestId());
    }

    @Test
    void aClaimTakenOverMeanwhileIsLostAndWritesNothing() {
        String account = storage().openAccount(OPENING);
        Request request = request(account);
        IdempotencyRecord mine = claim(account, "key-2", request.requestId());
        storage().idempotency().claim(mine);
        IdempotencyRecord theirs = new IdempotencyRecord(account, "key-2", mine.bodyHash(), mine.requestId(), false,
                mine.lockedUntil(), "another-token");
        assertThat(storage().idempotency().takeOver(mine, theirs)).contains(theirs);

        assertThatThrownBy(() -> store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.of(mine)))
                .isInstanceOf(RequestStore.ClaimLostException.class);

        assertThat(store().find(request.requestId())).isEmpty();
        assertThat(storage().balance(account)).isEqualTo(OPENING);
    }

    private IdempotencyRecord claim(String account, String key, String requestId) {
        return new IdempotencyRecord(account, key, "hash-of-the-body", requestId, false,
                now().plus(Duration.ofSeconds(30)), UUID.randomUUID().toString());
    }

    @Test
    void aStatusMovesOnlyFromItsPredecessorsAndATerminalOneNeverChanges() {
        String account = storage().openAccount(OPENING);
        Request request = submitted(account);
        Instant later = now().plusSeconds(5);
        // named as its client named the request: the store shows a request's voices under that name
        Outcome success = Outcome.voices(List.of(new Voice("v-1", VoiceNames.clientName(request.payload()),
                "https://kling.example/t.mp3")));

        boolean processing = store().advance(request.requestId(), Transition.processing("task-1"), later);
        boolean again = store().advance(request.requestId(), Transition.processing("task-2"), later);
        boolean succeeded = store().advance(request.requestId(), new Transition(RequestStatus.SUCCESS,
                Optional.empty(), Optional.of(success), Optional.of(new java.math.BigDecimal("0.05"))), later.plusSeconds(1));
        boolean failedAfter = store().advance(request.requestId(), Transition.failed(Outcome.failure("x", "y")),
                later.plusSeconds(2));

        assertThat(List.of(processing, again, succeeded, failedAfter)).containsExactly(true, false, true, false);
        Request after = stored(request);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.klingTaskId()).contains("task-1");
        assertThat(after.outcome()).contains(success);
        assertThat(after.klingUnits()).contains(new java.math.BigDecimal("0.05"));
        assertThat(after.updatedAt()).isEqualTo(later.plusSeconds(1));
        assertThat(after.billing()).isEqualTo(request.billing());
    }

    @Test
    void ofConcurrentMovesToATerminalStatusExactlyOneWins() throws Exception {
        String account = storage().openAccount(OPENING);
        Request request = submitted(account);
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Transition transition = i % 2 == 0 ? Transition.failed(Outcome.failure("w" + i, "writer " + i))
                    : new Transition(RequestStatus.SUCCESS, Optional.empty(), Optional.of(Outcome.voices(List.of())),
                    Optional.of(new java.math.BigDecimal("0.05")));
            writers.add(() -> store().advance(request.requestId(), transition, now()));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Boolean> wins = new ArrayList<>();
        try {
            for (Future<Boolean> result : pool.invokeAll(writers)) {
                wins.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(wins).filteredOn(Boolean::booleanValue).hasSize(1);
    }

    @Test
    void anUnknownRequestIsNeverWrittenTo() {
        String id = UUID.randomUUID().toString();

        assertThat(store().advance(id, Transition.processing("t"), now())).isFalse();
        assertThat(store().markCreateAttempted(id, now())).isEmpty();
        assertThat(store().cancel(id, Outcome.canceled(), now())).isFalse();
        assertThat(store().recordLateVoices(id, List.of("v"))).isFalse();
        assertThat(store().find(id)).isEmpty();
    }

    @Test
    void aCancelWinsOnlyBeforeTheCreateMark() {
        String account = storage().openAccount(OPENING);
        Request canceled = submitted(account);
        Request marked = submitted(account);

        boolean cancel = store().cancel(canceled.requestId(), Outcome.canceled(), now());
        boolean mark = store().markCreateAttempted(marked.requestId(), now()).isPresent();
        boolean markAgain = store().markCreateAttempted(marked.requestId(), now()).isPresent();
        boolean cancelMarked = store().cancel(marked.requestId(), Outcome.canceled(), now());
        boolean markCanceled = store().markCreateAttempted(canceled.requestId(), now()).isPresent();

        assertThat(List.of(cancel, mark, markAgain, cancelMarked, markCanceled))
                .containsExactly(true, true, true, false, false);
        assertThat(stored(canceled).status()).isEqualTo(RequestStatus.FAILED);
        assertThat(stored(canceled).outcome().orElseThrow().isCanceled()).isTrue();
        assertThat(stored(marked).status()).isEqualTo(RequestStatus.DISPATCHED);
    }

    @Test
    void aSettlementWritesItsEntryOnceAndItsVoicesBecomeTheAccounts() {
        String account = storage().openAccount(OPENING);
        Request request = submitted(account);
        Voice voice = new Voice("v-" + request.requestId(), VoiceNames.clientName(request.payload()),
                "https://kling.example/t.mp3");
        store().advance(request.requestId(), Transition.processing("task-1"), now());
        store().advance(request.requestId(), new Transition(RequestStatus.SUCCESS, Optional.empty(),
                Optional.of(Outcome.voices(List.of(voice))), Optional.of(new java.math.BigDecimal("0.05"))), now());
        Request success = stored(request);
        Settlement settlement = Settlement.of(success, CATALOG, now()).orElseThrow();

        boolean first = store().settle(success, settlement, now()).settledNow();
        boolean replay = store().settle(success, settlement, now()).settledNow();
        boolean staleView = store().settle(stored(request), settlement, now()).settledNow();

        assertThat(List.of(first, replay, staleView)).containsExactly(true, false, false);
        assertThat(storage().balance(account)).isEqualTo(OPENING - 7_000);
        assertThat(entryIds(account)).containsExactlyInAnyOrder(request.requestId() + "#hold",
                request.requestId() + "#settle");
        assertThat(stored(request).billing().state()).isEqualTo(BillingState.SETTLED);
        assertThat(stored(request).billing().charged()).isEqualTo(Money.ofMicros(7_000));
        assertThat(storage().accounts().voices(account)).extracting(OwnedVoice::voice).containsExactly(voice);
        assertThat(storage().accounts().voice(account, voice.voiceId())).isPresent();
    }

    @Test
    void aFailureIsRefundedInFullOnceAndOnlyForTheStatusItWasSettledFor() {
        String account = storage().openAccount(OPENING);
        Request request = submitted(account);
        Request dispatchedView = stored(request);
        store().advance(request.requestId(), Transition.failed(Outcome.failure("upstream_failed", "no")), now());
        Request failed = stored(request);
        Settlement refund = Settlement.of(failed, CATALOG, now()).orElseThrow();

        boolean stale = store().settle(dispatchedView, refund, now()).settledNow();
        boolean settled = store().settle(failed, refund, now()).settledNow();
        boolean replay = store().settle(failed, refund, now()).settledNow();

        assertThat(List.of(stale, settled, replay)).containsExactly(false, true, false);
        assertThat(storage().balance(account)).isEqualTo(OPENING);
        assertThat(entryIds(account)).containsExactlyInAnyOrder(request.requestId() + "#hold",
                request.requestId() + "#refund");
        assertThat(stored(request).billing().state()).isEqualTo(BillingState.REFUNDED);
    }

    @Test
    void openRequestsAreFoundByWhenTheyEnteredTheirStateLongestFirst() {
        String account = storage().openAccount(OPENING);
        // long before anything else in the store, so only these are old enough
        Instant t = Instant.parse("1999-01-01T00:00:00Z");
        Request first = aRequest().account(account).voiceName("o-1").createdAt(t).build();
        Request second = aRequest().account(account).voiceName("o-2").createdAt(t.plusSeconds(1)).build();
        store().insert(first, Optional.of(LedgerEntry.hold(first)), Optional.empty());
        store().insert(second, Optional.of(LedgerEntry.hold(second)), Optional.empty());
        Instant accepted = t.plus(Duration.ofMinutes(20));

        List<RequestStore.OpenRequest> dispatched = store().open(RequestStore.OpenState.DISPATCHED,
                t.plusSeconds(2), 1);
        store().advance(first.requestId(), Transition.processing("t-1"), accepted);
        List<RequestStore.OpenRequest> notYet = store().open(RequestStore.OpenState.PROCESSING, accepted, 10);
        List<RequestStore.OpenRequest> processing = store().open(RequestStore.OpenState.PROCESSING,
                accepted.plusSeconds(1), 10);
        List<RequestStore.OpenRequest> stillDispatched = store().open(RequestStore.OpenState.DISPATCHED,
                accepted.plusSeconds(1), 10);
        store().advance(first.requestId(), Transition.failed(Outcome.failure("x", "y")), accepted.plusSeconds(60));
        List<RequestStore.OpenRequest> unsettled = store().open(RequestStore.OpenState.UNSETTLED,
                accepted.plusSeconds(61), 10);
        Request failed = stored(first);
        store().settle(failed, Settlement.of(failed, CATALOG, accepted.plusSeconds(62)).orElseThrow(),
                accepted.plusSeconds(62));
        List<RequestStore.OpenRequest> settled = store().open(RequestStore.OpenState.UNSETTLED,
                accepted.plusSeconds(63), 10);

        assertThat(dispatched).containsExactly(new RequestStore.OpenRequest(first.requestId(), t));
        assertThat(notYet).isEmpty();
        assertThat(processing).containsExactly(new RequestStore.OpenRequest(first.requestId(), accepted));
        assertThat(stillDispatched).containsExactly(new RequestStore.OpenRequest(second.requestId(),
                t.plusSeconds(1)));
        assertThat(unsettled).containsExactly(new RequestStore.OpenRequest(first.requestId(),
                accepted.plusSeconds(60)));
        assertThat(settled).isEmpty();
    }

    @Test
    void lateVoicesAreRecordedOnce() {
        String account = storage().openAccount(OPENING);
        Request request = submitted(account);

        assertThat(store().recordLateVoices(request.requestId(), List.of("v-1"))).isTrue();
        assertThat(store().recordLateVoices(request.requestId(), List.of("v-2"))).isFalse();
    }

    @Test
    void theListingIsNewestFirstInPagesWithACursorOnlyWhenMoreFollow() {
        String account = storage().openAccount(OPENING);
        String other = storage().openAccount(OPENING);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Request request = aRequest().account(account).voiceName("l-" + i).createdAt(now().plusSeconds(i))
                    .build();
            store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
            ids.add(0, request.requestId());
        }
        submitted(other);
        store().advance(ids.get(1), Transition.failed(Outcome.failure("x", "y")), now());

        RequestStore.Page first = store().list(account, Optional.empty(), 2, Optional.empty());
        RequestStore.Page second = store().list(account, Optional.empty(), 2, first.nextCursor());
        RequestStore.Page third = store().list(account, Optional.empty(), 2, second.nextCursor());
        RequestStore.Page dispatched = store().list(account, Optional.of(RequestStatus.DISPATCHED), 2,
                Optional.empty());
        RequestStore.Page dispatchedRest = store().list(account, Optional.of(RequestStatus.DISPATCHED), 2,
                dispatched.nextCursor());

        assertThat(first.requests()).extracting(Request::requestId).containsExactly(ids.get(0), ids.get(1));
        assertThat(second.requests()).extracting(Request::requestId).containsExactly(ids.get(2), ids.get(3));
        assertThat(third.requests()).extracting(Request::requestId).containsExactly(ids.get(4));
        assertThat(third.nextCursor()).isEmpty();
        assertThat(dispatched.requests()).extracting(Request::requestId).containsExactly(ids.get(0), ids.get(2));
        assertThat(dispatchedRest.requests()).extracting(Request::requestId).containsExactly(ids.get(3), ids.get(4));
        assertThat(dispatchedRest.nextCursor()).as("a full last page has no cursor").isEmpty();
        assertThatThrownBy(() -> store().list(account, Optional.empty(), 2, Optional.of("not a cursor")))
                .isInstanceOf(RequestStore.InvalidCursorException.class);
    }
}
