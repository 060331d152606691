package io.voicegate.domain;

import java.util.Locale;

/** How a request reached the gateway. */
public enum Source {
    HTTP,
    SQS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Source fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
