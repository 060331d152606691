package io.voicegate.app;

import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.port.LedgerStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An operator issues, lists and revokes an account's API keys, on the fakes: a new key works at once beside the old
 * ones, a revoked key stops working on the next request, and one account's key id never revokes another's key.
 */
class ManageApiKeysTest {

    private static final String OTHER = "globex";
    private static final String OTHER_KEY = "vg_other_key_456";

    private final Gateway gateway = new Gateway();
    private final ManageApiKeys keys = new ManageApiKeys(gateway.accounts, gateway.accounts, gateway.clock);
    private final Authenticate authenticate = new Authenticate(gateway.accounts, gateway.clock);

    ManageApiKeysTest() {
        gateway.accounts.create(OTHER, Money.ofMicros(Gateway.OPENING), ApiKeys.hash(OTHER_KEY),
                ApiKeys.last4(OTHER_KEY), "whsec_b3RoZXI=", gateway.clock.instant());
    }

    private static String keyIdOf(String apiKey) {
        return ApiKeys.keyId(ApiKeys.hash(apiKey));
    }

    @Test
    void anIssuedKeyIsShownOnceListedByIdAndLastFourAndAuthenticatesAsTheAccount() {
        gateway.clock.advance(Duration.ofMillis(1_500));

        ManageApiKeys.IssuedKey issued = keys.issue(Gateway.ACCOUNT);

        assertThat(issued.apiKey()).startsWith(ApiKeys.PREFIX).isNotEqualTo(Gateway.API_KEY);
        assertThat(issued.info().keyId()).isEqualTo(keyIdOf(issued.apiKey()));
        assertThat(issued.info().last4()).isEqualTo(issued.apiKey().substring(issued.apiKey().length() - 4));
        assertThat(issued.info().createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:01Z"));
        assertThat(issued.info().lastUsedOn()).isEmpty();
        assertThat(authenticate.accountFor(issued.apiKey())).contains(Gateway.ACCOUNT);
        assertThat(authenticate.accountFor(Gateway.API_KEY)).as("the old key still works").contains(Gateway.ACCOUNT);
    }

    @Test
    void eachIssueIsADifferentKey() {
        String first = keys.issue(Gateway.ACCOUNT).apiKey();
        String second = keys.issue(Gateway.ACCOUNT).apiKey();

        assertThat(first).isNotEqualTo(second);
        assertThat(keys.list(Gateway.ACCOUNT)).hasSize(3);
    }

    @Test
    void theListHoldsOnlyTheAccountsKeysOldestFirstNeverTheKeyItself() {
        gateway.clock.advance(Duration.ofMinutes(1));
        ManageApiKeys.IssuedKey second = keys.issue(Gateway.ACCOUNT);
        gateway.clock.advance(Duration.ofMinutes(1));
        ManageApiKeys.IssuedKey third = keys.issue(Gateway.ACCOUNT);

        assertThat(keys.list(Gateway.ACCOUNT)).extracting(ApiKeyInfo::keyId)
                .containsExactly(keyIdOf(Gateway.API_KEY), second.info().keyId(), third.info().keyId());
        assertThat(keys.list(Gateway.ACCOUNT)).allSatisfy(info ->
                assertThat(info.toString()).doesNotContain(second.apiKey()).doesNotContain(third.apiKey()));
        assertThat(keys.list(OTHER)).extracting(ApiKeyInfo::keyId).containsExactly(keyIdOf(OTHER_KEY));
    }

    @Test
    void theListShowsTheDayAKeyWasLastUsed() {
        authenticate.accountFor(Gateway.API_KEY);

        assertThat(keys.list(Gateway.ACCOUNT)).singleElement()
                .satisfies(info -> assertThat(info.lastUsedOn()).contains(LocalDate.parse("2026-11-24")));
    }

    @Test
    void aRevokedKeyStopsAuthenticatingAndLeavesTheList() {
        ManageApiKeys.IssuedKey issued = keys.issue(Gateway.ACCOUNT);

        boolean revoked = keys.revoke(Gateway.ACCOUNT, keyIdOf(Gateway.API_KEY));

        assertThat(revoked).isTrue();
        assertThat(authenticate.accountFor(Gateway.API_KEY)).isEmpty();
        assertThat(authenticate.accountFor(issued.apiKey())).contains(Gateway.ACCOUNT);
        assertThat(keys.list(Gateway.ACCOUNT)).extracting(ApiKeyInfo::keyId).containsExactly(issued.info().keyId());
        assertThat(keys.revoke(Gateway.ACCOUNT, keyIdOf(Gateway.API_KEY))).as("revoking again").isFalse();
    }

    @Test
    void anotherAccountsKeyCannotBeRevokedAndKeepsWorking() {
        boolean revoked = keys.revoke(Gateway.ACCOUNT, keyIdOf(OTHER_KEY));

        assertThat(revoked).isFalse();
        assertThat(authenticate.accountFor(OTHER_KEY)).contains(OTHER);
        assertThat(keys.list(OTHER)).extracting(ApiKeyInfo::keyId).containsExactly(keyIdOf(OTHER_KEY));
    }

    @Test
    void anUnknownKeyIdRevokesNothing() {
        assertThat(keys.revoke(Gateway.ACCOUNT, "key_0000000000000000")).isFalse();
        assertThat(keys.list(Gateway.ACCOUNT)).hasSize(1);
    }

    @Test
    void anUnknownAccountGetsNoKeyAndHasNoList() {
        assertThatThrownBy(() -> keys.issue("nobody")).isInstanceOf(LedgerStore.AccountNotFoundException.class);
        assertThatThrownBy(() -> keys.list("nobody")).isInstanceOf(LedgerStore.AccountNotFoundException.class);
        assertThat(keys.revoke("nobody", keyIdOf(Gateway.API_KEY))).isFalse();
        assertThat(authenticate.accountFor(Gateway.API_KEY)).contains(Gateway.ACCOUNT);
    }

    @Test
    void anAccountCanStillIssueAfterRevokingEveryKey() {
        keys.revoke(Gateway.ACCOUNT, keyIdOf(Gateway.API_KEY));

        ManageApiKeys.IssuedKey issued = keys.issue(Gateway.ACCOUNT);

        assertThat(keys.list(Gateway.ACCOUNT)).extracting(ApiKeyInfo::keyId).containsExactly(issued.info().keyId());
        assertThat(authenticate.accountFor(issued.apiKey())).contains(Gateway.ACCOUNT);
    }
}
