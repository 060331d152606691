package io.voicegate.adapter.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessKeyCredentialsTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void aTokenCarriesIssNbfAndExpFromTheClock() {
        DecodedJWT jwt = JWT.decode(KlingCredentials.accessKey("ak", "sk", clock).bearerToken());

        assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
        assertThat(jwt.getType()).isEqualTo("JWT");
        assertThat(jwt.getIssuer()).isEqualTo("ak");
        assertThat(jwt.getNotBeforeAsInstant()).isEqualTo(T.minusSeconds(5));
        assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(T.plusSeconds(1800));
        assertThat(jwt.getClaims()).containsOnlyKeys("iss", "nbf", "exp");
    }

    @Test
    void theTokenIsCachedUntilTheRefreshMarginAndAfterARenew() {
        KlingCredentials credentials = KlingCredentials.accessKey("ak", "sk", clock);
        String first = credentials.bearerToken();

        now.set(T.plus(Duration.ofMinutes(25)).minusSeconds(1));
        String cached = credentials.bearerToken();
        now.set(T.plus(Duration.ofMinutes(25)));
        String refreshed = credentials.bearerToken();
        now.set(T.plus(Duration.ofMinutes(26)));
        boolean renewed = credentials.renew();
        String afterRenew = credentials.bearerToken();

        assertThat(cached).isEqualTo(first);
        assertThat(refreshed).isNotEqualTo(first);
        assertThat(renewed).isTrue();
        assertThat(JWT.decode(afterRenew).getNotBeforeAsInstant())
                .isEqualTo(T.plus(Duration.ofMinutes(26)).minusSeconds(5));
    }

    @Test
    void aClockThatWentBackMintsAgainRatherThanSendAFutureToken() {
        KlingCredentials credentials = KlingCredentials.accessKey("ak", "sk", clock);
        credentials.bearerToken();

        now.set(T.minusSeconds(60));

        assertThat(JWT.decode(credentials.bearerToken()).getNotBeforeAsInstant()).isEqualTo(T.minusSeconds(65));
    }

    @Test
    void secretsNeverShowInToString() {
        assertThat(KlingCredentials.accessKey("ak-visible", "sk-secret", clock).toString())
                .doesNotContain("sk-secret").doesNotContain("ak-visible");
        assertThat(KlingCredentials.apiKey("key-secret").toString()).doesNotContain("key-secret");
        assertThat(KlingCredentials.apiKey("key-secret").renew()).isFalse();
    }

    @Test
    void emptyKeysAreRefusedAtConstruction() {
        assertThatThrownBy(() -> KlingCredentials.accessKey("ak", " ", clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KlingCredentials.apiKey("")).isInstanceOf(IllegalArgumentException.class);
    }
}
