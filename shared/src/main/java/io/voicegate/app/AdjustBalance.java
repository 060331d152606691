package io.voicegate.app;

import io.voicegate.domain.Adjustment;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.port.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * An operator's credits (a top-up after a payment, a goodwill credit) and debits (a manual charge), each idempotent on
 * the operator's reference: the ledger entry is {@code credit#{reference}} or {@code debit#{reference}}, so a replay
 * finds it and changes nothing. A debit may not take the balance below zero.
 */
public class AdjustBalance {

    private static final Logger LOG = LoggerFactory.getLogger(AdjustBalance.class);

    private final LedgerStore ledger;
    private final Clock clock;

    public AdjustBalance(LedgerStore ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * @param amount µUSD, greater than 0
     * @throws io.voicegate.domain.ValidationException a bad amount, reference or note (nothing written)
     * @throws LedgerStore.ReferenceReusedException the reference names an entry of another amount
     * @throws LedgerStore.AccountNotFoundException no such account
     */
    public LedgerStore.Posting credit(String accountId, Money amount, String reference, Optional<String> note) {
        return post(new Adjustment(accountId, LedgerEntryKind.CREDIT, amount, reference, note, clock.instant()));
    }

    /**
     * @param amount µUSD, greater than 0
     * @throws io.voicegate.domain.InsufficientBalanceException the balance does not cover it (nothing written)
     * @throws io.voicegate.domain.ValidationException a bad amount, reference or note (nothing written)
     * @throws LedgerStore.ReferenceReusedException the reference names an entry of another amount
     * @throws LedgerStore.AccountNotFoundException no such account
     */
    public LedgerStore.Posting debit(String accountId, Money amount, String reference, Optional<String> note) {
        return post(new Adjustment(accountId, LedgerEntryKind.DEBIT, amount, reference, note, clock.instant()));
    }

    private LedgerStore.Posting post(Adjustment adjustment) {
        LedgerStore.Posting posting = ledger.post(adjustment);
        if (posting.created()) {
            LOG.info("ledger entry {} posted to account {}: {} micros", adjustment.entryId(), adjustment.accountId(),
                    adjustment.balanceChange().micros());
        }
        return posting;
    }
}
