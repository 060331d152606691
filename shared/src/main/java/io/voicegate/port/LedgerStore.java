package io.voicegate.port;

import io.voicegate.domain.Adjustment;
import io.voicegate.domain.Money;
import io.voicegate.domain.StatementLine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The ledger as operators and statements see it: operator credits and debits, and the statement of an account. */
public interface LedgerStore {

    /**
     * Posts an operator's credit or debit: in one transaction, the ledger entry {@code adjustment.entryId()} (only if
     * new) and the balance change (a debit only if the balance covers it). Posting the same adjustment again changes
     * nothing and returns the entry as first posted.
     *
     * @return the entry, and whether this call created it
     * @throws ReferenceReusedException the reference was used before for another amount
     * @throws io.voicegate.domain.InsufficientBalanceException a debit the balance does not cover (nothing written)
     * @throws AccountNotFoundException no such account
     */
    Posting post(Adjustment adjustment);

    /**
     * One page of the account's ledger entries, newest first by the time they were written, each with the balance
     * right after it (the newest entry's is the account's balance).
     *
     * @throws AccountNotFoundException no such account
     * @throws RequestStore.InvalidCursorException the cursor is not one this store issued for this account
     */
    StatementPage statement(String accountId, StatementQuery query);

    /**
     * @param since only entries written at or after this time
     * @param until only entries written at or before this time (to the second)
     * @param limit 1..100 entries
     */
    record StatementQuery(Optional<Instant> since, Optional<Instant> until, int limit, Optional<String> cursor) {
    }

    /**
     * A page of the statement, and the balance the account was opened with (µUSD) as kept when it was opened (absent
     * for an account opened before it was kept).
     */
    record StatementPage(List<StatementLine> entries, Optional<String> nextCursor, Optional<Money> openingBalance) {
    }

    record Posting(StatementLine entry, boolean created) {
    }

    /** The operator's reference already names an entry of another amount or kind; nothing was written. */
    class ReferenceReusedException extends RuntimeException {
        public ReferenceReusedException(String entryId) {
            super("reference of " + entryId + " was already used for another amount");
        }
    }

    /** No account with this id. */
    class AccountNotFoundException extends RuntimeException {
        public AccountNotFoundException(String accountId) {
            super("no account " + accountId);
        }
    }
}
