package io.voicegate.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What an operator sees of an account: its balance (µUSD, may be below zero after a settlement that cost more than
 * its hold), whether it is suspended and why, and when it was opened.
 */
public record AccountProfile(String accountId, Money balance, Optional<String> suspendedReason,
                             Optional<Instant> suspendedAt, Instant createdAt) {

    public boolean suspended() {
        return suspendedReason.isPresent();
    }

    /** {@code active} or {@code suspended}. */
    public String state() {
        return suspended() ? "suspended" : "active";
    }
}
