package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.port.AccountStore;

import java.util.Optional;

/** Finds the account an API key belongs to, by the key's hash; the key itself is never stored or logged. */
public class Authenticate {

    private final AccountStore accounts;

    public Authenticate(AccountStore accounts) {
        this.accounts = accounts;
    }

    public Optional<String> accountFor(String apiKey) {
        if (apiKey.isEmpty() || apiKey.length() > 256) {
            return Optional.empty();
        }
        return accounts.accountForKeyHash(ApiKeys.hash(apiKey));
    }
}
