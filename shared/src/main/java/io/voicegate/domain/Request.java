package io.voicegate.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request record: what was asked, where it stands, what it produced and what it cost ({@code klingUnits} is
 * Kling's {@code final_unit_deduction}, {@link io.voicegate.domain.kling.KlingUnits}). {@code payload} keeps the
 * client's fields by their wire names, so a request rejected at intake can still show what was sent.
 */
public record Request(String requestId, String accountId, String model, Source source, RequestStatus status,
                      Instant createdAt, Instant updatedAt, Map<String, String> payload, Optional<String> webhookUrl,
                      Optional<Outcome> outcome, Billing billing, Optional<String> klingTaskId,
                      Optional<BigDecimal> klingUnits) {

    /** The payload's wire fields in the order records show them. */
    public static final List<String> PAYLOAD_FIELDS = List.of("voice_name", "voice_url", "video_id");

    public Request {
        // Kling knows the voices by the name derived from the request id (VoiceNames#klingName); the client sees the
        // name it chose on every voice of its request, wherever the outcome came from.
        String clientName = VoiceNames.clientName(payload);
        if (!clientName.isEmpty()) {
            outcome = outcome.map(o -> o.namedAs(clientName));
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : PAYLOAD_FIELDS) {
            if (payload.containsKey(name)) {
                ordered.put(name, payload.get(name));
            }
        }
        payload.forEach(ordered::putIfAbsent);
        payload = Collections.unmodifiableMap(ordered);
    }

    /** A newly submitted request: dispatched, with its pre-charge held. */
    public static Request submitted(String requestId, String accountId, Source source, Submission submission,
                                    Instant now) {
        return new Request(requestId, accountId, submission.model().id(), source, RequestStatus.DISPATCHED, now, now,
                payloadFields(submission.payload()), submission.webhookUrl(), Optional.empty(),
                Billing.held(submission.model().hold()), Optional.empty(), Optional.empty());
    }

    /** A request refused before any charge (SQS intake): failed at once, with the reason. */
    public static Request rejected(String requestId, String accountId, Source source, String model,
                                   Map<String, String> payload, Optional<String> webhookUrl, Outcome outcome,
                                   Instant now) {
        return new Request(requestId, accountId, model, source, RequestStatus.FAILED, now, now, payload, webhookUrl,
                Optional.of(outcome), Billing.none(), Optional.empty(), Optional.empty());
    }

    /** The record exactly as the submit response first showed it; an idempotent replay answers with this. */
    public Request asSubmitted() {
        if (billing.state() == BillingState.NONE) {
            return this;
        }
        return new Request(requestId, accountId, model, source, RequestStatus.DISPATCHED, createdAt, createdAt,
                payload, webhookUrl, Optional.empty(), Billing.held(billing.held()), Optional.empty(),
                Optional.empty());
    }

    /** The same request with its money settled as {@code settled} says. */
    public Request settledAs(Billing settled) {
        return new Request(requestId, accountId, model, source, status, createdAt, updatedAt, payload, webhookUrl,
                outcome, settled, klingTaskId, klingUnits);
    }

    /** The voices a successful request created: they belong to its account. */
    public List<OwnedVoice> ownedVoices(Instant now) {
        if (status != RequestStatus.SUCCESS) {
            return List.of();
        }
        return outcome.map(Outcome::voices).orElse(List.of()).stream()
                .map(voice -> new OwnedVoice(accountId, voice, requestId, now)).toList();
    }

    /**
     * The voice name this request claims in its account ({@link VoiceNames#claimKey}): present for a request that is
     * still open, which holds its name from submit until it fails or its voice is deleted.
     */
    public Optional<String> voiceNameClaim() {
        String name = payload.get("voice_name");
        return status.isTerminal() || name == null ? Optional.empty() : Optional.of(VoiceNames.claimKey(name));
    }

    /**
     * The voice name this request gives up now it has ended without a voice (it failed, or it succeeded without one):
     * its claim key ({@link VoiceNames#claimKey}). Empty while it is open, and for a success with voices, which keeps
     * the name until its voices are deleted.
     */
    public Optional<String> releasedName() {
        return status.isTerminal() && ownedVoices(updatedAt).isEmpty()
                ? Optional.of(VoiceNames.claimKey(VoiceNames.clientName(payload))) : Optional.empty();
    }

    public static Map<String, String> payloadFields(VoicePayload payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("voice_name", payload.voiceName());
        payload.voiceUrl().ifPresent(url -> fields.put("voice_url", url));
        payload.videoId().ifPresent(id -> fields.put("video_id", id));
        return fields;
    }
}
