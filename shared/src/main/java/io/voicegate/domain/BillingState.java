package io.voicegate.domain;

import java.util.Locale;

/** Where a request's money stands: never charged, held at submission, then settled or refunded exactly once. */
public enum BillingState {
    NONE,
    HELD,
    SETTLED,
    REFUNDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BillingState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
