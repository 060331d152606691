package io.voicegate.local.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.voicegate.local.kling.SimulatorFaults.ErrorReply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Kling's bearer check: a console API key, or an HS256 JWT signed with the secret key whose {@code iss} is the
 * access key, valid between {@code nbf} and {@code exp} by the simulator's clock. Answers with Kling's 401 codes.
 */
final class TokenCheck {

    private final Optional<String> accessKey;
    private final Optional<Algorithm> algorithm;
    private final Optional<String> apiKey;
    private final Clock clock;

    TokenCheck(Optional<String> accessKey, Optional<String> secretKey, Optional<String> apiKey, Clock clock) {
        this.accessKey = accessKey;
        this.algorithm = secretKey.map(Algorithm::HMAC256);
        this.apiKey = apiKey;
        this.clock = clock;
    }

    /** Empty when the caller may proceed, else the 401 answer. */
    Optional<ErrorReply> check(Optional<String> authorization) {
        String header = authorization.orElse("");
        if (header.isBlank() || header.equals("Bearer ") || header.equals("Bearer")) {
            return denied(1001, "Authorization header is empty");
        }
        if (!header.startsWith("Bearer ")) {
            return denied(1002, "Authorization header is invalid");
        }
        String token = header.substring("Bearer ".length());
        if (apiKey.isPresent() && MessageDigest.isEqual(bytes(apiKey.get()), bytes(token))) {
            return Optional.empty();
        }
        if (algorithm.isEmpty()) {
            return denied(1002, "Authorization token is invalid");
        }
        return checkJwt(token);
    }

    private Optional<ErrorReply> checkJwt(String token) {
        DecodedJWT jwt;
        try {
            jwt = JWT.decode(token);
            if (!"HS256".equals(jwt.getAlgorithm())) {
                return denied(1002, "Authorization token is invalid: alg must be HS256");
            }
            algorithm.get().verify(jwt);
        } catch (JWTDecodeException | SignatureVerificationException e) {
            return denied(1002, "Authorization token is invalid");
        }
        if (!accessKey.equals(Optional.ofNullable(jwt.getIssuer()))) {
            return denied(1002, "Authorization token is invalid: unknown access key");
        }
        Instant expiresAt = jwt.getExpiresAtAsInstant();
        if (expiresAt == null) {
            return denied(1002, "Authorization token is invalid: no exp");
        }
        Instant now = clock.instant();
        Instant notBefore = jwt.getNotBeforeAsInstant();
        if (notBefore != null && now.isBefore(notBefore)) {
            return denied(1003, "Authorization token is not yet valid");
        }
        if (!now.isBefore(expiresAt)) {
            return denied(1004, "Authorization token has expired");
        }
        return Optional.empty();
    }

    private static Optional<ErrorReply> denied(int code, String message) {
        return Optional.of(new ErrorReply(401, code, message));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
