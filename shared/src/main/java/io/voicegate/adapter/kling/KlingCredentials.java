package io.voicegate.adapter.kling;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How calls to Kling are authorised: {@code Authorization: Bearer <token>}, where the token is either a console API
 * key sent as is, or a JWT minted from an access key / secret key pair. Implementations never reveal secrets or
 * tokens in {@code toString}.
 */
public sealed interface KlingCredentials permits ApiKeyCredentials, AccessKeyCredentials, SecretCredentials {

    /** How long a minted JWT is valid: Kling's documented example, now + 30 min. */
    Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(30);
    /** A cached JWT is replaced once it is this close to its expiry. */
    Duration DEFAULT_REFRESH_BEFORE = Duration.ofMinutes(5);

    /** The token to send after {@code Bearer }. */
    String bearerToken();

    /**
     * Drops the cached token after Kling said it is expired or not yet valid (1004, 1003).
     *
     * @return whether a new token was made, i.e. whether one retry can help
     */
    boolean renew();

    /**
     * Credentials read from secrets at each call: the API key when there is one, otherwise JWTs from the access key /
     * secret key pair, made again whenever the secrets change (a SnapStart restore, a rotation).
     *
     * @param apiKey    the console API key, if configured
     * @param accessKey the access key, if configured
     * @param secretKey the secret key, if configured
     * @throws IllegalStateException from {@link #bearerToken()} when neither an API key nor both keys are configured
     */
    static KlingCredentials fromSecrets(Supplier<Optional<String>> apiKey, Supplier<Optional<String>> accessKey,
                                        Supplier<Optional<String>> secretKey, Clock clock) {
        return new SecretCredentials(apiKey, accessKey, secretKey, clock);
    }

    static KlingCredentials apiKey(String apiKey) {
        return new ApiKeyCredentials(apiKey);
    }

    /** HS256 JWTs with {@code iss} = access key, {@code nbf} = now − 5 s, {@code exp} = now + 30 min. */
    static KlingCredentials accessKey(String accessKey, String secretKey, Clock clock) {
        return accessKey(accessKey, secretKey, clock, DEFAULT_TOKEN_LIFETIME, DEFAULT_REFRESH_BEFORE);
    }

    static KlingCredentials accessKey(String accessKey, String secretKey, Clock clock, Duration lifetime,
                                      Duration refreshBefore) {
        return new AccessKeyCredentials(accessKey, secretKey, clock, lifetime, refreshBefore);
    }
}
