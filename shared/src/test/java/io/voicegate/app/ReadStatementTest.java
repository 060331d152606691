package io.voicegate.app;

import io.voicegate.domain.Money;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.LedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                Optional.empty());

        assertThat(page.entries()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }
}
