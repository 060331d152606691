package io.voicegate.adapter.kling;

import io.voicegate.domain.kling.KlingRetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one call to Kling and reads the answer: adds the credentials, enforces the timeouts, re-mints an expired or
 * not-yet-valid token once, and turns transport failures into the port's exceptions. Never logs a token.
 */
final class KlingExchange {

    private static final Logger LOG = LoggerFactory.getLogger(KlingExchange.class);

    private final HttpClient http;
    private final String baseUri;
    private final KlingCredentials credentials;
    private final Duration requestTimeout;

    KlingExchange(URI baseUri, KlingCredentials credentials, Duration connectTimeout, Duration requestTimeout) {
        // HTTP/1.1: one small request per call, and no h2c upgrade headers towards plain-HTTP proxies or simulators
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.baseUri = baseUri.toString().replaceAll("/+$", "");
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + credentials.bearerToken())
                .method(method, body.map(HttpRequest.BodyPublishers::ofByteArray)
                        .orElse(HttpRequest.BodyPublishers.noBody()))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            KlingReply reply = KlingReply.parse(response.statusCode(), response.body());
            LOG.debug("Kling {} -> HTTP {} code {} request_id {}", call, response.statusCode(),
                    reply.code().isPresent() ? reply.code().getAsInt() : "-", reply.requestId().orElse("-"));
            return reply;
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new KlingRetryableException(call + ": Kling not reachable, nothing was sent", e);
        } catch (IOException e) {
            throw transportFailure(call, creating, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw transportFailure(call, creating, e);
        }
    }

    private static RuntimeException transportFailure(String call, boolean creating, Exception cause) {
        return KlingReply.malformed(call + ": no answer from Kling (" + cause + ")", creating, cause);
    }
}
