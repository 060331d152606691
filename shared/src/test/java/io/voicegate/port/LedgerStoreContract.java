package io.voicegate.port;

import io.voicegate.domain.Adjustment;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.domain.StatementLine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link LedgerStore} must do: operator entries with deterministic ids posted once, debits never below
 * zero, and a statement newest first with the balance after each entry, requests' entries included. Runs against the
 * fake and the DynamoDB adapter.
 */
public abstract class LedgerStoreContract {

    protected abstract Storage storage();

    private LedgerStore ledger() {
        return storage().ledger();
    }

    private Instant now() {
        return storage().clock().instant();
    }

    private Adjustment adjustment(String account, LedgerEntryKind kind, long micros, String reference) {
        return new Adjustment(account, kind, Money.ofMicros(micros), reference, Optional.of("note"), now());
    }

    @Test
    void aCreditIsPostedOnceUnderItsReference() {
        String account = storage().openAccount(1_000);

        LedgerStore.Posting first = ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 500, "pay-1"));
        LedgerStore.Posting again = ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 500, "pay-1"));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.entry()).isEqualTo(first.entry());
        assertThat(first.entry().entryId()).isEqualTo("credit#pay-1");
        assertThat(first.entry().amount()).isEqualTo(Money.ofMicros(500));
        assertThat(first.entry().reference()).contains("pay-1");
        assertThat(first.entry().note()).contains("note");
        assertThat(storage().balance(account)).isEqualTo(1_500);
    }

    @Test
    void aReferenceReusedForAnotherAmountChangesNothing() {
        String account = storage().openAccount(1_000);
        ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 500, "pay-1"));

        assertThatThrownBy(() -> ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 600, "pay-1")))
                .isInstanceOf(LedgerStore.ReferenceReusedException.class);
        assertThat(storage().balance(account)).isEqualTo(1_500);
    }

    @Test
    void aDebitNeverTakesTheBalanceBelowZero() {
        String account = storage().openAccount(1_000);

        LedgerStore.Posting exact = ledger().post(adjustment(account, LedgerEntryKind.DEBIT, 1_000, "fee-1"));

        assertThat(exact.entry().amount()).isEqualTo(Money.ofMicros(-1_000));
        assertThatThrownBy(() -> ledger().post(adjustment(account, LedgerEntryKind.DEBIT, 1, "fee-2")))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(storage().balance(account)).isZero();
        assertThat(storage().accounts().snapshot(account, 10).orElseThrow().recentEntries())
                .extracting(LedgerEntry::entryId).containsExactly("debit#fee-1");
    }

    @Test
    void anUnknownAccountHasNoLedger() {
        String unknown = "acct-" + UUID.randomUUID();

        assertThatThrownBy(() -> ledger().post(adjustment(unknown, LedgerEntryKind.CREDIT, 1, "x")))
                .isInstanceOf(LedgerStore.AccountNotFoundException.class);
        assertThatThrownBy(() -> ledger().statement(unknown, new LedgerStore.StatementQuery(Optional.empty(),
                Optional.empty(), 10, Optional.empty()))).isInstanceOf(LedgerStore.AccountNotFoundException.class);
    }

    @Test
    void theStatementIsNewestFirstInPagesWithTheBalanceAfterEachEntry() {
        String account = storage().openAccount(1_000_000);
        ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 10_000, "c-1"));
        storage().clock().advance(Duration.ofSeconds(1));
        Request request = aRequest().account(account).createdAt(now()).build();
        storage().requests().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        storage().clock().advance(Duration.ofSeconds(1));
        ledger().post(adjustment(account, LedgerEntryKind.DEBIT, 5_000, "d-1"));

        List<StatementLine> lines = new ArrayList<>();
        LedgerStore.StatementPage first = ledger().statement(account, new LedgerStore.StatementQuery(
                Optional.empty(), Optional.empty(), 2, Optional.empty()));
        lines.addAll(first.entries());
        LedgerStore.StatementPage second = ledger().statement(account, new LedgerStore.StatementQuery(
                Optional.empty(), Optional.empty(), 2, first.nextCursor()));
        lines.addAll(second.entries());

        assertThat(first.nextCursor()).isPresent();
        assertThat(second.nextCursor()).isEmpty();
        assertThat(lines).extracting(StatementLine::entryId)
                .containsExactly("debit#d-1", request.requestId() + "#hold", "credit#c-1");
        assertThat(lines).extracting(l -> l.balanceAfter().orElseThrow().micros())
                .containsExactly(935_000L, 940_000L, 1_010_000L);
        assertThat(lines.get(1).requestId()).contains(request.requestId());
        assertThat(lines.get(1).kind()).isEqualTo(LedgerEntryKind.HOLD);
    }

    /**
     * Three credits ten minutes apart, 1, 2 and 4 µUSD ({@code credit#early}, {@code #middle}, {@code #late}).
     *
     * @return when the middle one was posted
     */
    private Instant earlyMiddleLate(String account) {
        ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 1, "early"));
        storage().clock().advance(Duration.ofMinutes(10));
        ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 2, "middle"));
        Instant middle = now();
        storage().clock().advance(Duration.ofMinutes(10));
        ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 4, "late"));
        return middle;
    }

    @Test
    void theStatementCanBeLimitedToAPeriod() {
        String account = storage().openAccount(1_000_000);
        Instant start = now();
        Instant middle = earlyMiddleLate(account);

        LedgerStore.StatementPage window = ledger().statement(account, new LedgerStore.StatementQuery(
                Optional.of(start.plusSeconds(1)), Optional.of(middle), 10, Optional.empty()));

        assertThat(window.entries()).extracting(StatementLine::entryId).containsExactly("credit#middle");
        assertThat(window.entries().get(0).balanceAfter()).contains(Money.ofMicros(1_000_003));
        assertThatThrownBy(() -> ledger().statement(account, new LedgerStore.StatementQuery(Optional.empty(),
                Optional.empty(), 10, Optional.of("not-a-cursor"))))
                .isInstanceOf(RequestStore.InvalidCursorException.class);
    }

    /**
     * A cursor is a position: inside the window the page goes on from it with the account's own balances; outside
     * the window (here: past {@code until}) it is no page of that statement and is refused.
     */
    @Test
    void aCursorGoesOnFromItsPositionAndOneOutsideTheWindowIsRefused() {
        String account = storage().openAccount(1_000_000);
        Instant middle = earlyMiddleLate(account);
        Optional<String> afterLate = ledger().statement(account, new LedgerStore.StatementQuery(Optional.empty(),
                Optional.empty(), 1, Optional.empty())).nextCursor();

        LedgerStore.StatementPage rest = ledger().statement(account, new LedgerStore.StatementQuery(Optional.empty(),
                Optional.empty(), 10, afterLate));

        assertThat(rest.entries()).extracting(StatementLine::entryId).containsExactly("credit#middle", "credit#early");
        assertThat(rest.entries().get(0).balanceAfter()).contains(Money.ofMicros(1_000_003));
        assertThatThrownBy(() -> ledger().statement(account, new LedgerStore.StatementQuery(Optional.empty(),
                Optional.of(middle), 10, afterLate))).isInstanceOf(RequestStore.InvalidCursorException.class);
    }

    /** The account's recent entries are the newest by the time they were written, whatever their ids. */
    @Test
    void theRecentEntriesAreTheNewestByTime() {
        String account = storage().openAccount(1_000_000);
        ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 1, "z-first"));
        storage().clock().advance(Duration.ofSeconds(5));
        ledger().post(adjustment(account, LedgerEntryKind.CREDIT, 2, "a-second"));
        storage().clock().advance(Duration.ofSeconds(5));
        ledger().post(adjustment(account, LedgerEntryKind.DEBIT, 3, "m-third"));

        assertThat(storage().accounts().snapshot(account, 2).orElseThrow().recentEntries())
                .extracting(LedgerEntry::entryId).containsExactly("debit#m-third", "credit#a-second");
    }
}
