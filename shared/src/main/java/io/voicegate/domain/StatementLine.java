package io.voicegate.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of an account's statement: a ledger entry with the balance right after it. {@code amount} is signed as
 * seen by the balance (a hold or a debit is negative); a request's entry names its request, an operator's entry its
 * reference (and note). Amounts in µUSD. {@code balanceAfter} is known in a statement, not when an entry is posted
 * (balances change concurrently, and a transaction returns no values).
 */
public record StatementLine(String entryId, LedgerEntryKind kind, Money amount, Optional<Money> balanceAfter,
                            Optional<String> requestId, Optional<String> reference, Optional<String> note,
                            Instant createdAt) {
}
