package io.voicegate.app;

import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.LedgerStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdjustBalanceTest {

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final AdjustBalance adjust = new AdjustBalance(ledger,
            Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC));

    AdjustBalanceTest() {
        ledger.open("acme", Money.ofUsd("5"));
    }

    @Test
    void aCreditIsOneEntryNamedByItsReference() {
        LedgerStore.Posting posting = adjust.credit("acme", Money.ofUsd("25"), "pay-1", Optional.of("card"));

        assertThat(posting.created()).isTrue();
        assertThat(posting.entry().entryId()).isEqualTo("credit#pay-1");
        assertThat(posting.entry().kind()).isEqualTo(LedgerEntryKind.CREDIT);
        assertThat(posting.entry().amount()).isEqualTo(Money.ofUsd("25"));
        assertThat(ledger.balance("acme")).isEqualTo(Money.ofUsd("30"));
    }

    @Test
    void theSameCreditAgainChangesNothing() {
        LedgerStore.Posting first = adjust.credit("acme", Money.ofUsd("25"), "pay-1", Optional.empty());

        LedgerStore.Posting again = adjust.credit("acme", Money.ofUsd("25"), "pay-1", Optional.empty());

        assertThat(again.created()).isFalse();
        assertThat(again.entry()).isEqualTo(first.entry());
        assertThat(ledger.balance("acme")).isEqualTo(Money.ofUsd("30"));
        assertThat(ledger.entries()).isEqualTo(1);
    }

    @Test
    void anotherAmountUnderAUsedReferenceIsRefused() {
        adjust.credit("acme", Money.ofUsd("25"), "pay-1", Optional.empty());

        assertThatThrownBy(() -> adjust.credit("acme", Money.ofUsd("20"), "pay-1", Optional.empty()))
                .isInstanceOf(LedgerStore.ReferenceReusedException.class);
        assertThat(ledger.balance("acme")).isEqualTo(Money.ofUsd("30"));
    }

    @Test
    void aDebitMayNotTakeTheBalanceBelowZero() {
        assertThatThrownBy(() -> adjust.debit("acme", Money.ofUsd("5.000001"), "fee-1", Optional.empty()))
                .isInstanceOf(InsufficientBalanceException.class);

        LedgerStore.Posting debit = adjust.debit("acme", Money.ofUsd("5"), "fee-1", Optional.empty());

        assertThat(debit.entry().amount()).isEqualTo(Money.ofUsd("-5"));
        assertThat(debit.entry().entryId()).isEqualTo("debit#fee-1");
        assertThat(ledger.balance("acme")).isEqualTo(Money.ZERO);
    }

    @Test
    void badInputNamesEveryField() {
        assertThatThrownBy(() -> adjust.credit("acme", Money.ZERO, "has space#hash", Optional.of("x".repeat(501))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("amount_micros", "reference", "note"));
        assertThat(ledger.entries()).isZero();
    }

    @Test
    void anUnknownAccountIsNotFound() {
        assertThatThrownBy(() -> adjust.credit("nobody", Money.ofUsd("1"), "pay-1", Optional.empty()))
                .isInstanceOf(LedgerStore.AccountNotFoundException.class);
    }
}
