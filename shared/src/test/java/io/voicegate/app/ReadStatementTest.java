package io.voicegate.app;

import io.voicegate.domain.Adjustment;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.StatementLine;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.LedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadStatementTest {

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final ReadStatement statement = new ReadStatement(ledger);

    ReadStatementTest() {
        ledger.open("acme", Money.ofUsd("1"));
    }

    @ParameterizedTest(name = "since={0} until={1} limit={2} -> {3}")
    @CsvSource({
            ", , 0, limit",
            ", , 101, limit",
            "-1, , 20, since",
            ", 253402300800, 20, until",
            "10, 9, 20, until"})
    void badParametersNameTheirField(Long since, Long until, long limit, String field) {
        assertThatThrownBy(() -> statement.statement("acme", Optional.ofNullable(since), Optional.ofNullable(until),
                limit, Optional.empty()))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly(field));
    }

    @Test
    void aGoodQueryReachesTheLedger() {
        LedgerStore.StatementPage page = statement.statement("acme", Optional.of(0L), Optional.of(10L), 100,
                Optional.empty()).page();

        assertThat(page.entries()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    /**
     * The account was opened with $1, which no entry carries: the page reaching back to the opening says so, and the
     * lines add up from it; a page before the last, or a statement from a {@code since}, does not reach it.
     */
    @Test
    void thePageThatReachesTheOpeningCarriesTheOpeningBalance() {
        Instant at = Instant.ofEpochSecond(1_700_000_000);
        ledger.post(new Adjustment("acme", LedgerEntryKind.CREDIT, Money.ofMicros(2_500_000), "pay-1",
                Optional.empty(), at));
        ledger.post(new Adjustment("acme", LedgerEntryKind.DEBIT, Money.ofMicros(300_000), "fee-1",
                Optional.empty(), at.plusSeconds(5)));

        ReadStatement.Statement first = statement.statement("acme", Optional.empty(), Optional.empty(), 1,
                Optional.empty());
        ReadStatement.Statement last = statement.statement("acme", Optional.empty(), Optional.empty(), 1,
                first.page().nextCursor());
        ReadStatement.Statement whole = statement.statement("acme", Optional.empty(), Optional.empty(), 100,
                Optional.empty());
        ReadStatement.Statement fromSince = statement.statement("acme", Optional.of(at.getEpochSecond()),
                Optional.empty(), 100, Optional.empty());

        assertThat(first.openingBalance()).isEmpty();
        assertThat(last.page().nextCursor()).isEmpty();
        assertThat(last.openingBalance()).contains(Money.ofUsd("1"));
        assertThat(whole.openingBalance()).contains(Money.ofUsd("1"));
        assertThat(fromSince.openingBalance()).isEmpty();
    }

    /**
     * The opening balance is the one kept when the account was opened, not worked back from the balance now: a
     * balance changed outside the ledger shows as lines that no longer add up from it.
     */
    @Test
    void theOpeningBalanceIsTheOneKeptSoAChangeOutsideTheLedgerShows() {
        InMemoryRequestStore store = new InMemoryRequestStore();
        InMemoryLedger tampered = new InMemoryLedger(store);
        tampered.open("bob", Money.ofUsd("1"));
        tampered.post(new Adjustment("bob", LedgerEntryKind.CREDIT, Money.ofMicros(2_500_000), "pay-1",
                Optional.empty(), Instant.ofEpochSecond(1_700_000_000)));
        store.withBalance("bob", 3_512_345); // 12,345 µUSD more than the ledger explains

        ReadStatement.Statement read = new ReadStatement(tampered).statement("bob", Optional.empty(),
                Optional.empty(), 100, Optional.empty());

        StatementLine oldest = read.page().entries().get(0);
        assertThat(read.openingBalance()).contains(Money.ofUsd("1"));
        assertThat(oldest.balanceAfter().orElseThrow().minus(oldest.amount())).as("what the lines add up from")
                .isNotEqualTo(read.openingBalance().orElseThrow());
    }
}
