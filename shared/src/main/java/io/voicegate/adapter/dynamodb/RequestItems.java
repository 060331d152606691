package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.Billing;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Source;
import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.KlingUnits;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/** The one mapping between {@link Request} and an item of the {@code requests} table; attribute names live here. */
final class RequestItems {

    static final String REQUEST_ID = "request_id";
    static final String ACCOUNT_ID = "account_id";
    static final String MODEL = "model";
    static final String SOURCE = "source";
    static final String STATUS = "status";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String PAYLOAD = "payload";
    static final String WEBHOOK_URL = "webhook_url";
    static final String OUTCOME = "outcome";
    static final String BILLING = "billing";
    static final String KLING_TASK_ID = "kling_task_id";
    static final String KLING_UNITS = "kling_units";
    /**
     * Present only while the request is open, from its submit until its money is settled, and never changed in
     * between: {@link #OPEN}. The sparse {@code open_requests} index holds exactly those requests, and writing the
     * request's status moves nothing in it. Requests submitted by an earlier version carry their open state of then
     * instead ({@link #OPEN_KEYS}), which they keep until they are settled.
     */
    static final String OPEN_STATUS = "open_status";
    static final String OPEN = "open";
    /** Every value of {@link #OPEN_STATUS}: {@link #OPEN}, and the per-state values an earlier version wrote. */
    static final List<String> OPEN_KEYS = List.of(OPEN, "dispatched", "processing", "unsettled");
    /** When the request was created (epoch seconds), set with {@link #OPEN_STATUS}: the open index's sort key. */
    static final String OPEN_SINCE = "open_since";
    /** Voice ids of a Kling success that came after the request had failed at its processing deadline. */
    static final String LATE_VOICE_IDS = "late_voice_ids";
    /** When the dispatch worker first went to create the Kling task (epoch seconds); a cancel is refused after. */
    static final String CREATE_ATTEMPTED_AT = "create_attempted_at";

    /** Keys only (account id, creation time, request id): a listing reads the items it shows from the table. */
    static final String BY_ACCOUNT_INDEX = "account_requests";
    static final String OPEN_INDEX = "open_requests";

    private static final String VOICES = "voices";
    private static final String VOICE_ID = "voice_id";
    private static final String VOICE_NAME = "voice_name";
    private static final String TRIAL_URL = "trial_url";
    private static final String ERROR = "error";
    private static final String ERROR_CODE = "error_code";
    private static final String STATE = "state";
    private static final String HELD = "held_micros";
    private static final String CHARGED = "charged_micros";
    private static final String REFUNDED = "refunded_micros";

    private RequestItems() {
    }

    static Map<String, AttributeValue> key(String requestId) {
        return Map.of(REQUEST_ID, s(requestId));
    }

    static Map<String, AttributeValue> toItem(Request request) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(REQUEST_ID, s(request.requestId()));
        item.put(ACCOUNT_ID, s(request.accountId()));
        item.put(MODEL, s(request.model()));
        item.put(SOURCE, s(request.source().wireName()));
        item.put(STATUS, s(request.status().wireName()));
        item.put(CREATED_AT, n(request.createdAt().getEpochSecond()));
        item.put(UPDATED_AT, n(request.updatedAt().getEpochSecond()));
        Map<String, AttributeValue> payload = new LinkedHashMap<>();
        request.payload().forEach((name, value) -> payload.put(name, s(value)));
        item.put(PAYLOAD, AttributeValue.fromM(payload));
        request.webhookUrl().ifPresent(url -> item.put(WEBHOOK_URL, s(url)));
        request.outcome().ifPresent(outcome -> item.put(OUTCOME, outcome(outcome)));
        item.put(BILLING, billing(request.billing()));
        request.klingTaskId().ifPresent(id -> item.put(KLING_TASK_ID, s(id)));
        request.klingUnits().ifPresent(units -> item.put(KLING_UNITS, s(KlingUnits.text(units))));
        if (isOpen(request)) {
            item.put(OPEN_STATUS, s(OPEN));
            item.put(OPEN_SINCE, n(request.createdAt().getEpochSecond()));
        }
        return item;
    }

    static Request fromItem(Map<String, AttributeValue> item) {
        Map<String, String> payload = new LinkedHashMap<>();
        Optional.ofNullable(item.get(PAYLOAD)).map(AttributeValue::m)
                .ifPresent(m -> m.forEach((name, value) -> payload.put(name, value.s())));
        return new Request(Attr.string(item, REQUEST_ID), Attr.string(item, ACCOUNT_ID), Attr.string(item, MODEL),
                Source.fromWire(Attr.string(item, SOURCE)), RequestStatus.fromWire(Attr.string(item, STATUS)),
                Instant.ofEpochSecond(Attr.number(item, CREATED_AT)),
                Instant.ofEpochSecond(Attr.number(item, UPDATED_AT)), payload,
                Attr.optionalString(item, WEBHOOK_URL),
                Optional.ofNullable(item.get(OUTCOME)).map(v -> outcome(v.m())),
                billing(item.get(BILLING).m()), Attr.optionalString(item, KLING_TASK_ID),
                // units stored before they were read at the edge may be any text Kling sent: unusable ones read as none
                Attr.optionalString(item, KLING_UNITS).flatMap(KlingUnits::parse));
    }

    /** Open: not terminal yet, or terminal with its money still held. */
    static boolean isOpen(Request request) {
        return !request.status().isTerminal() || request.billing().state() == BillingState.HELD;
    }

    static AttributeValue outcome(Outcome outcome) {
        Map<String, AttributeValue> map = new HashMap<>();
        List<AttributeValue> voices = outcome.voices().stream().map(v -> AttributeValue.fromM(Map.of(
                VOICE_ID, s(v.voiceId()), VOICE_NAME, s(v.voiceName()), TRIAL_URL, s(v.trialUrl())))).toList();
        map.put(VOICES, AttributeValue.fromL(voices));
        outcome.error().ifPresent(e -> map.put(ERROR, s(e)));
        outcome.errorCode().ifPresent(c -> map.put(ERROR_CODE, s(c)));
        return AttributeValue.fromM(map);
    }

    private static Outcome outcome(Map<String, AttributeValue> map) {
        List<Voice> voices = map.containsKey(VOICES) ? map.get(VOICES).l().stream().map(AttributeValue::m)
                .map(v -> new Voice(Attr.string(v, VOICE_ID), Attr.string(v, VOICE_NAME), Attr.string(v, TRIAL_URL)))
                .toList() : List.of();
        return new Outcome(voices, Attr.optionalString(map, ERROR), Attr.optionalString(map, ERROR_CODE));
    }

    static AttributeValue billing(Billing billing) {
        return AttributeValue.fromM(Map.of(STATE, s(billing.state().wireName()), HELD, n(billing.held().micros()),
                CHARGED, n(billing.charged().micros()), REFUNDED, n(billing.refunded().micros())));
    }

    private static Billing billing(Map<String, AttributeValue> map) {
        return new Billing(BillingState.fromWire(Attr.string(map, STATE)), Money.ofMicros(Attr.number(map, HELD)),
                Money.ofMicros(Attr.number(map, CHARGED)), Money.ofMicros(Attr.number(map, REFUNDED)));
    }
}
