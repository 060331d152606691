package io.voicegate.app;

import io.voicegate.port.ApiKeyStoreContract;
import io.voicegate.port.Storage;

import java.time.Instant;

/** The {@link io.voicegate.port.ApiKeyStore} contract on the in-memory fake the use-case tests stand on. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {

    private final Storage storage = InMemoryStorage.create(Instant.parse("2026-11-24T10:00:00Z"));

    @Override
    protected Storage storage() {
        return storage;
    }
}
