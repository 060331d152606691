package io.voicegate.domain;

import java.util.Locale;

/**
 * The kinds of money movement. Each request has at most one entry of each request kind, so the entry id
 * {@code {request_id}#{kind}} is deterministic and a replayed write finds it already there; an operator's credit or
 * debit is {@code {kind}#{reference}}, idempotent on the operator's reference (see {@link Adjustment}).
 */
public enum LedgerEntryKind {
    HOLD,
    SETTLE,
    REFUND,
    /** Money in from an operator: a top-up or a goodwill credit. */
    CREDIT,
    /** A manual charge by an operator. */
    DEBIT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String entryId(String requestId) {
        return requestId + "#" + wireName();
    }

    /** Whether entries of this kind belong to a request (hold, settle, refund) rather than to an operator. */
    public boolean ofRequest() {
        return this == HOLD || this == SETTLE || this == REFUND;
    }

    public static LedgerEntryKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
