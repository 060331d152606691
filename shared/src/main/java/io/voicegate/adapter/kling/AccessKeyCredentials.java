package io.voicegate.adapter.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * JWTs minted from an access key / secret key pair (Kling's "legacy" scheme, the one its {@code /v1} endpoints
 * document). One token is cached and shared by all calls until it is {@code refreshBefore} from expiry.
 */
final class AccessKeyCredentials implements KlingCredentials {

    /** Kling's example backdates {@code nbf} so that a slightly slow server clock still accepts the token. */
    static final Duration NOT_BEFORE_SKEW = Duration.ofSeconds(5);

    private final String accessKey;
    private final Algorithm algorithm;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration refreshBefore;

    private String token;
    private Instant mintedAt = Instant.MAX;
    private Instant renewAt = Instant.MIN;

    AccessKeyCredentials(String accessKey, String secretKey, Clock clock, Duration lifetime, Duration refreshBefore) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("Kling access key and secret key must both be set");
        }
        if (refreshBefore.isNegative() || refreshBefore.compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException("refreshBefore must be shorter than the token lifetime");
        }
        this.accessKey = accessKey;
        this.algorithm = Algorithm.HMAC256(secretKey);
        this.clock = clock;
        this.lifetime = lifetime;
        this.refreshBefore = refreshBefore;
    }

    @Override
    public synchronized String bearerToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(renewAt) || now.isBefore(mintedAt)) {
            Instant expiresAt = now.plus(lifetime);
            token = JWT.create()
                    .withIssuer(accessKey)
                    .withNotBefore(now.minus(NOT_BEFORE_SKEW))
                    .withExpiresAt(expiresAt)
                    .sign(algorithm);
            mintedAt = now;
            renewAt = expiresAt.minus(refreshBefore);
        }
        return token;
    }

    @Override
    public synchronized boolean renew() {
        token = null;
        return true;
    }

    @Override
    public String toString() {
        return "KlingCredentials[access key JWT]";
    }
}
