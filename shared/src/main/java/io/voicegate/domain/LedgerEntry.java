package io.voicegate.domain;

import java.time.Instant;

/** One movement of an account's balance; {@code amount} is signed as seen by the balance (a hold is negative). */
public record LedgerEntry(String entryId, String accountId, String requestId, LedgerEntryKind kind, Money amount,
                          Instant createdAt) {

    public static LedgerEntry hold(Request request) {
        return new LedgerEntry(LedgerEntryKind.HOLD.entryId(request.requestId()), request.accountId(),
                request.requestId(), LedgerEntryKind.HOLD, request.billing().held().negate(), request.createdAt());
    }
}
