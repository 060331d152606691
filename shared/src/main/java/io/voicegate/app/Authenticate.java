package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.port.ApiKeyStore;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Finds the account an API key belongs to, by the key's hash; the key itself is never stored or logged. Notes the UTC
 * day the key was used on, at most once a day, for the operator's key listing.
 */
public class Authenticate {

    private final ApiKeyStore keys;
    private final Clock clock;

    public Authenticate(ApiKeyStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public Optional<String> accountFor(String apiKey) {
        if (apiKey.isEmpty() || apiKey.length() > 256) {
            return Optional.empty();
        }
        Optional<ApiKeyStore.KeyOwner> owner = keys.owner(ApiKeys.hash(apiKey));
        owner.ifPresent(found -> {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            if (!found.lastUsedOn().equals(Optional.of(today))) {
                keys.markUsed(found, today);
            }
        });
        return owner.map(ApiKeyStore.KeyOwner::accountId);
    }
}
