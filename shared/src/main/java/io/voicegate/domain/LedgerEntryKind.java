package io.voicegate.domain;

import java.util.Locale;

/**
 * The kinds of money movement. Each request has at most one entry of each kind, so the entry id
 * {@code {request_id}#{kind}} is deterministic and a replayed write finds it already there.
 */
public enum LedgerEntryKind {
    HOLD,
    SETTLE,
    REFUND;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String entryId(String requestId) {
        return requestId + "#" + wireName();
    }

    public static LedgerEntryKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
