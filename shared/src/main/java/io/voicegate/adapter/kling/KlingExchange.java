package io.voicegate.adapter.kling;

import io.voicegate.domain.kling.KlingRetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one call to Kling and reads the answer: adds the credentials, enforces the timeouts, re-mints an expired or
 * not-yet-valid token once, and turns transport failures into the port's exceptions. Never logs a token.
 *
 * <p>It speaks HTTP/1.1 through {@link HttpURLConnection}, the JDK stack the AWS SDK's url-connection client already
 * loads in every function: a cold start pays for one HTTP stack, not two (the {@code java.net.http} client cost a
 * Kling-calling function a third of its first invocation). The request timeout bounds the wait for each read of the
 * answer, which for Kling's small JSON answers is the wait for the answer.
 */
final class KlingExchange {

    private static final Logger LOG = LoggerFactory.getLogger(KlingExchange.class);

    private final String baseUri;
    private final KlingCredentials credentials;
    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;

    KlingExchange(URI baseUri, KlingCredentials credentials, Duration connectTimeout, Duration requestTimeout) {
        this.baseUri = baseUri.toString().replaceAll("/+$", "");
        this.credentials = credentials;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.requestTimeoutMillis = Math.toIntExact(requestTimeout.toMillis());
    }

    /** @param creating a task create: an answer lost in transit may hide a created task */
    KlingReply send(String method, String pathAndQuery, Optional<byte[]> body, boolean creating) {
        KlingReply reply = sendOnce(method, pathAndQuery, body, creating);
        if (reply.tokenTimeRejected() && credentials.renew()) {
            LOG.info("Kling refused the token (code {}, request_id {}); retrying once with a new one",
                    reply.code().getAsInt(), reply.requestId().orElse("-"));
            reply = sendOnce(method, pathAndQuery, body, creating);
        }
        return reply;
    }

    private KlingReply sendOnce(String method, String pathAndQuery, Optional<byte[]> body, boolean creating) {
        String call = method + " " + pathAndQuery;
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) URI.create(baseUri + pathAndQuery).toURL().openConnection();
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(requestTimeoutMillis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Authorization", "Bearer " + credentials.bearerToken());
            connection.setDoOutput(body.isPresent());
            if (body.isPresent()) {
                connection.setFixedLengthStreamingMode(body.get().length);
            }
            connection.connect();
        } catch (IOException e) {
            throw new KlingRetryableException(call + ": Kling not reachable, nothing was sent", e);
        }
        try {
            if (body.isPresent()) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.get());
                }
            }
            int status = connection.getResponseCode();
            byte[] answer;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            KlingReply reply = KlingReply.parse(status, answer);
            LOG.debug("Kling {} -> HTTP {} code {} request_id {}", call, status,
                    reply.code().isPresent() ? reply.code().getAsInt() : "-", reply.requestId().orElse("-"));
            return reply;
        } catch (IOException e) {
            connection.disconnect();
            throw transportFailure(call, creating, e);
        }
    }

    private static RuntimeException transportFailure(String call, boolean creating, Exception cause) {
        return KlingReply.malformed(call + ": no answer from Kling (" + cause + ")", creating, cause);
    }
}
