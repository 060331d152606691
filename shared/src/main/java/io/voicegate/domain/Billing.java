package io.voicegate.domain;

/** The money side of one request. {@code charged = held - refunded} once settled or refunded. */
public record Billing(BillingState state, Money held, Money charged, Money refunded) {

    public static Billing none() {
        return new Billing(BillingState.NONE, Money.ZERO, Money.ZERO, Money.ZERO);
    }

    public static Billing held(Money hold) {
        return new Billing(BillingState.HELD, hold, Money.ZERO, Money.ZERO);
    }
}
