package io.voicegate.domain;

/** The account is suspended by an operator: it may read and finish what it has, but not submit; nothing was written. */
public class AccountSuspendedException extends RuntimeException {

    public AccountSuspendedException(String accountId) {
        super("account " + accountId + " is suspended");
    }
}
