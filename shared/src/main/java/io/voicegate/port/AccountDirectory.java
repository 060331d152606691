package io.voicegate.port;

import io.voicegate.domain.AccountProfile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The accounts as an operator sees them: list, read, suspend and resume. */
public interface AccountDirectory {

    Optional<AccountProfile> profile(String accountId);

    /**
     * A page of accounts by id.
     *
     * @param limit 1..100
     * @throws RequestStore.InvalidCursorException the cursor is not one this store issued
     */
    AccountPage list(int limit, Optional<String> cursor);

    /**
     * Suspends the account (submits are refused; everything else goes on). Suspending again keeps the first time and
     * takes the new reason.
     *
     * @return the account after the change, or empty when there is no such account
     */
    Optional<AccountProfile> suspend(String accountId, String reason, Instant now);

    /** @return the account after the change (active), or empty when there is no such account */
    Optional<AccountProfile> resume(String accountId);

    record AccountPage(List<AccountProfile> accounts, Optional<String> nextCursor) {
    }
}
