package io.voicegate.app;

import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.ApiKeys;
import io.voicegate.port.ApiKeyStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticateTest {

    private final Map<String, ApiKeyStore.KeyOwner> owners = new HashMap<>();
    private final List<LocalDate> marks = new ArrayList<>();
    private final Authenticate authenticate = new Authenticate(new ApiKeyStore() {
        @Override
        public Optional<KeyOwner> owner(String apiKeyHash) {
            return Optional.ofNullable(owners.get(apiKeyHash));
        }

        @Override
        public void markUsed(KeyOwner owner, LocalDate day) {
            marks.add(day);
            owners.put(owner.apiKeyHash(), new KeyOwner(owner.accountId(), owner.apiKeyHash(), owner.keyId(),
                    Optional.of(day)));
        }

        @Override
        public ApiKeyInfo add(String accountId, String apiKeyHash, String last4, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ApiKeyInfo> list(String accountId) {
            return List.of();
        }

        @Override
        public boolean revoke(String accountId, String keyId) {
            return owners.values().removeIf(o -> o.keyId().equals(Optional.of(keyId)));
        }
    }, Clock.fixed(Instant.parse("2026-11-30T23:59:59Z"), ZoneOffset.UTC));

    @Test
    void aKeyOpensItsAccountAndItsUseIsNotedOnceADay() {
        String hash = ApiKeys.hash("vg_key");
        owners.put(hash, new ApiKeyStore.KeyOwner("acme", hash, Optional.of("key_1"), Optional.empty()));

        assertThat(authenticate.accountFor("vg_key")).contains("acme");
        assertThat(authenticate.accountFor("vg_key")).contains("acme");

        assertThat(marks).containsExactly(LocalDate.parse("2026-11-30"));
    }

    @Test
    void anUnknownEmptyOrOversizedKeyOpensNothing() {
        assertThat(authenticate.accountFor("vg_unknown")).isEmpty();
        assertThat(authenticate.accountFor("")).isEmpty();
        assertThat(authenticate.accountFor("x".repeat(257))).isEmpty();
        assertThat(marks).isEmpty();
    }
}
