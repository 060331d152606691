package io.voicegate.port;

import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.ApiKeys;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ApiKeyStore} must do: several keys per account, listed oldest first, each revoked at once, and
 * the day a key was last used. Runs against the fake and the DynamoDB adapter.
 */
public abstract class ApiKeyStoreContract {

    protected abstract Storage storage();

    private ApiKeyStore keys() {
        return storage().apiKeys();
    }

    private static String newKey() {
        return ApiKeys.PREFIX + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void anAccountHoldsSeveralKeysOldestFirst() {
        String account = storage().openAccount(0);
        String key = newKey();
        storage().clock().advance(java.time.Duration.ofSeconds(5));

        ApiKeyInfo added = keys().add(account, ApiKeys.hash(key), ApiKeys.last4(key), storage().clock().instant());

        assertThat(keys().list(account)).hasSize(2).last().isEqualTo(added);
        assertThat(keys().owner(ApiKeys.hash(key))).hasValueSatisfying(owner -> {
            assertThat(owner.accountId()).isEqualTo(account);
            assertThat(owner.keyId()).contains(added.keyId());
            assertThat(owner.lastUsedOn()).isEmpty();
        });
    }

    @Test
    void aKeyForAnUnknownAccountIsRefused() {
        String key = newKey();

        assertThatThrownBy(() -> keys().add("acct-" + UUID.randomUUID(), ApiKeys.hash(key), "last",
                storage().clock().instant())).isInstanceOf(LedgerStore.AccountNotFoundException.class);
        assertThat(keys().owner(ApiKeys.hash(key))).isEmpty();
    }

    @Test
    void aRevokedKeyOpensNothingAtOnce() {
        String account = storage().openAccount(0);
        String key = newKey();
        ApiKeyInfo added = keys().add(account, ApiKeys.hash(key), "last", storage().clock().instant());

        boolean revoked = keys().revoke(account, added.keyId());
        boolean again = keys().revoke(account, added.keyId());

        assertThat(revoked).isTrue();
        assertThat(again).isFalse();
        assertThat(keys().owner(ApiKeys.hash(key))).isEmpty();
        assertThat(keys().list(account)).extracting(ApiKeyInfo::keyId).doesNotContain(added.keyId());
        assertThat(keys().revoke(storage().openAccount(0), keys().list(account).get(0).keyId()))
                .as("another account's key").isFalse();
    }

    @Test
    void theDayAKeyWasLastUsedIsNoted() {
        String account = storage().openAccount(0);
        String key = newKey();
        ApiKeyInfo added = keys().add(account, ApiKeys.hash(key), "last", storage().clock().instant());
        LocalDate day = LocalDate.parse("2026-11-24");

        keys().markUsed(keys().owner(ApiKeys.hash(key)).orElseThrow(), day);

        assertThat(keys().owner(ApiKeys.hash(key)).orElseThrow().lastUsedOn()).contains(day);
        assertThat(keys().list(account)).filteredOn(k -> k.keyId().equals(added.keyId()))
                .extracting(ApiKeyInfo::lastUsedOn).containsExactly(Optional.of(day));
    }

    @Test
    void aRevokedKeyIsNotNotedAsUsed() {
        String account = storage().openAccount(0);
        String key = newKey();
        ApiKeyInfo added = keys().add(account, ApiKeys.hash(key), "last", storage().clock().instant());
        ApiKeyStore.KeyOwner owner = keys().owner(ApiKeys.hash(key)).orElseThrow();
        keys().revoke(account, added.keyId());

        keys().markUsed(owner, LocalDate.parse("2026-11-24"));

        assertThat(keys().owner(ApiKeys.hash(key))).isEmpty();
        assertThat(keys().list(account)).extracting(ApiKeyInfo::keyId).doesNotContain(added.keyId());
    }
}
