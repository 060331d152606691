package io.voicegate.app;

import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.AccountDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Accounts as an operator runs them: read, list, suspend (its submits are refused with {@code account-suspended},
 * nothing charged; reads, callbacks, settlement and delivery of its open requests go on) and resume.
 */
public class AdministerAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(AdministerAccounts.class);
    public static final int MAX_REASON = 500;

    private final AccountDirectory accounts;
    private final Clock clock;

    public AdministerAccounts(AccountDirectory accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    public Optional<AccountProfile> profile(String accountId) {
        return accounts.profile(accountId);
    }

    /** @param limit 1..100 */
    public AccountDirectory.AccountPage list(int limit, Optional<String> cursor) {
        return accounts.list(limit, cursor);
    }

    /**
     * @param reason 1-500 characters, shown to operators
     * @throws ValidationException naming {@code reason}
     * @return the account, or empty when there is none
     */
    public Optional<AccountProfile> suspend(String accountId, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw ValidationException.of("reason", "must be 1-" + MAX_REASON + " characters, not blank");
        }
        Optional<AccountProfile> suspended = accounts.suspend(accountId, reason, clock.instant());
        suspended.ifPresent(a -> LOG.info("account {} suspended", accountId));
        return suspended;
    }

    /** @return the account, or empty when there is none */
    public Optional<AccountProfile> resume(String accountId) {
        Optional<AccountProfile> resumed = accounts.resume(accountId);
        resumed.ifPresent(a -> LOG.info("account {} resumed", accountId));
        return resumed;
    }
}
