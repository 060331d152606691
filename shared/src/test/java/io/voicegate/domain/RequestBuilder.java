package io.voicegate.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Test data: a {@link Request} with sensible defaults (a dispatched HTTP request of account {@code acme} for the voice
 * "ada" from a URL, its 70,000 µUSD hold held), changed only where a test cares.
 *
 * <pre>{@code
 * Request failed = aRequest().account("acme").status(FAILED).outcome(Outcome.failure("upstream_failed", "x"))
 *         .billing(Billing.held(Money.ofMicros(70_000))).build();
 * }</pre>
 */
public final class RequestBuilder {

    public static final Money HOLD = Money.ofMicros(70_000);
    public static final Instant DEFAULT_TIME = Instant.parse("2026-11-24T10:00:00Z");

    private String requestId = UUID.randomUUID().toString();
    private String accountId = "acme";
    private String model = "kling-custom-voice";
    private Source source = Source.HTTP;
    private RequestStatus status = RequestStatus.DISPATCHED;
    private Instant createdAt = DEFAULT_TIME;
    private Instant updatedAt;
    private Map<String, String> payload = new LinkedHashMap<>(Map.of("voice_name", "ada",
            "voice_url", "https://cdn.example.com/ada.mp3"));
    private Optional<String> webhookUrl = Optional.empty();
    private Optional<Outcome> outcome = Optional.empty();
    private Billing billing = Billing.held(HOLD);
    private Optional<String> klingTaskId = Optional.empty();
    private Optional<BigDecimal> klingUnits = Optional.empty();

    private RequestBuilder() {
    }

    /** A dispatched request with its hold, as just submitted. */
    public static RequestBuilder aRequest() {
        return new RequestBuilder();
    }

    /** A builder starting from {@code request}, to change some of it. */
    public static RequestBuilder from(Request request) {
        RequestBuilder b = new RequestBuilder();
        b.requestId = request.requestId();
        b.accountId = request.accountId();
        b.model = request.model();
        b.source = request.source();
        b.status = request.status();
        b.createdAt = request.createdAt();
        b.updatedAt = request.updatedAt();
        b.payload = new LinkedHashMap<>(request.payload());
        b.webhookUrl = request.webhookUrl();
        b.outcome = request.outcome();
        b.billing = request.billing();
        b.klingTaskId = request.klingTaskId();
        b.klingUnits = request.klingUnits();
        return b;
    }

    public RequestBuilder id(String id) {
        this.requestId = id;
        return this;
    }

    public RequestBuilder account(String id) {
        this.accountId = id;
        return this;
    }

    public RequestBuilder source(Source value) {
        this.source = value;
        return this;
    }

    public RequestBuilder model(String id) {
        this.model = id;
        return this;
    }

    public RequestBuilder status(RequestStatus value) {
        this.status = value;
        return this;
    }

    /** Created (and, unless {@link #updatedAt} says otherwise, last updated) at this time. */
    public RequestBuilder createdAt(Instant at) {
        this.createdAt = at;
        return this;
    }

    public RequestBuilder updatedAt(Instant at) {
        this.updatedAt = at;
        return this;
    }

    /** The voice name; the sample stays a URL unless {@link #videoId} replaces it. */
    public RequestBuilder voiceName(String name) {
        payload.put("voice_name", name);
        return this;
    }

    public RequestBuilder voiceUrl(String url) {
        payload.remove("video_id");
        payload.put("voice_url", url);
        return this;
    }

    public RequestBuilder videoId(String id) {
        payload.remove("voice_url");
        payload.put("video_id", id);
        return this;
    }

    public RequestBuilder webhook(String url) {
        this.webhookUrl = Optional.of(url);
        return this;
    }

    public RequestBuilder outcome(Outcome value) {
        this.outcome = Optional.of(value);
        return this;
    }

    public RequestBuilder billing(Billing value) {
        this.billing = value;
        return this;
    }

    public RequestBuilder klingTask(String taskId) {
        this.klingTaskId = Optional.of(taskId);
        return this;
    }

    /** Kling's units as read from its answer; {@code null} for none. */
    public RequestBuilder klingUnits(BigDecimal units) {
        this.klingUnits = Optional.ofNullable(units);
        return this;
    }

    /** The units as Kling sent them, read as the edge reads them: text that is not a plain decimal is none. */
    public RequestBuilder klingUnits(String units) {
        this.klingUnits = io.voicegate.domain.kling.KlingUnits.parse(units);
        return this;
    }

    /** Processing at Kling with this task. */
    public RequestBuilder processing(String taskId) {
        return status(RequestStatus.PROCESSING).klingTask(taskId);
    }

    /** Succeeded with these voices and Kling's units; the hold not yet settled. */
    public RequestBuilder succeeded(String units, Voice... voices) {
        return status(RequestStatus.SUCCESS).outcome(Outcome.voices(List.of(voices))).klingUnits(units);
    }

    /** Failed with this error code; the hold not yet refunded. */
    public RequestBuilder failed(String errorCode) {
        return status(RequestStatus.FAILED).outcome(Outcome.failure(errorCode, "failed: " + errorCode));
    }

    public Request build() {
        return new Request(requestId, accountId, model, source, status, createdAt,
                updatedAt == null ? createdAt : updatedAt, payload, webhookUrl, outcome, billing, klingTaskId,
                klingUnits);
    }
}
