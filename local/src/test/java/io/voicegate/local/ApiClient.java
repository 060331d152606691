package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A plain HTTP client of the local front, as a user's curl would talk to it. Every answer is checked against the
 * OpenAPI document ({@link OpenApiContract}): one that breaks it fails the test that received it.
 */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String apiKey;

    public ApiClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public record Reply(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            try {
                return Json.mapper().readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String contentType() {
            return header("content-type").orElse("");
        }
    }

    /** The account's balance, checked to equal the opening balance plus every ledger entry shown. */
    public long balanceConsistentWithLedger(long openingMicros) {
        JsonNode account = get("/account").json();
        long sum = 0;
        for (JsonNode entry : account.get("ledger")) {
            sum += entry.get("amount_micros").asLong();
        }
        long balance = account.get("balance_micros").asLong();
        if (account.get("ledger").size() >= io.voicegate.http.PublicApi.LEDGER_ENTRIES_SHOWN) {
            throw new AssertionError("the account shows only its latest entries; the balance cannot be checked");
        }
        if (balance != openingMicros + sum) {
            throw new AssertionError("balance " + balance + " != opening " + openingMicros + " + ledger " + sum);
        }
        return balance;
    }

    /** How many ledger entries of a kind the account shows (of its latest 20). */
    public long ledgerEntries(String kind) {
        long count = 0;
        for (JsonNode entry : get("/account").json().get("ledger")) {
            count += entry.get("kind").asText().equals(kind) ? 1 : 0;
        }
        return count;
    }

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    public Reply submit(String body, String... headers) {
        HttpRequest.Builder builder = request("/requests").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    public Reply send(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("content-type", contentType);
        }
        return send(builder.build());
    }

    /** Sends these exact bytes as the body (e.g. text that is not UTF-8). */
    public Reply sendBytes(String method, String path, String contentType, byte[] body) {
        return send(request(path).header("content-type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (apiKey != null) {
            builder.header("authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            List<String> violations = OpenApiContract.violations(request.method(), request.uri().getRawPath(),
                    response.statusCode(), name -> response.headers().firstValue(name), response.body());
            if (!violations.isEmpty()) {
                throw new AssertionError("the answer breaks openapi.yaml: " + violations);
            }
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
