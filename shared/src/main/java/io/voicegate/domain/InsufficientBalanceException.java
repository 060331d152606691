package io.voicegate.domain;

/** The account's balance does not cover the pre-charge; nothing was written. */
public class InsufficientBalanceException extends RuntimeException {

    public InsufficientBalanceException(String accountId, Money required) {
        super("balance of account " + accountId + " does not cover the pre-charge of " + required);
    }
}
