package io.voicegate.app;

import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.ApiKeys;
import io.voicegate.port.AccountDirectory;
import io.voicegate.port.ApiKeyStore;
import io.voicegate.port.LedgerStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * An account's API keys, as an operator manages them: issue another (shown once), list (id, last four characters,
 * issue time, last day used), revoke (effective on the next request). Several keys per account let a client rotate
 * without downtime.
 */
public class ManageApiKeys {

    private final ApiKeyStore keys;
    private final AccountDirectory accounts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ManageApiKeys(ApiKeyStore keys, AccountDirectory accounts, Clock clock) {
        this.keys = keys;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A new key and the key itself, which is shown this once and never stored. */
    public record IssuedKey(ApiKeyInfo info, String apiKey) {
    }

    /** @throws LedgerStore.AccountNotFoundException no such account */
    public IssuedKey issue(String accountId) {
        String apiKey = ApiKeys.generate(random);
        return new IssuedKey(keys.add(accountId, ApiKeys.hash(apiKey), ApiKeys.last4(apiKey), clock.instant()),
                apiKey);
    }

    /** @throws LedgerStore.AccountNotFoundException no such account */
    public List<ApiKeyInfo> list(String accountId) {
        if (accounts.profile(accountId).isEmpty()) {
            throw new LedgerStore.AccountNotFoundException(accountId);
        }
        return keys.list(accountId);
    }

    /** @return false when the account has no such key (or no longer has it) */
    public boolean revoke(String accountId, String keyId) {
        return keys.revoke(accountId, keyId);
    }
}
