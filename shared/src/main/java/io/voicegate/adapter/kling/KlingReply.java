package io.voicegate.adapter.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.kling.KlingAmbiguousException;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.kling.KlingOperatorException;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.json.Json;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/** One HTTP answer from Kling; {@code envelope} is empty when the body was not Kling's JSON (e.g. a proxy's page). */
record KlingReply(int httpStatus, Optional<KlingWire.Envelope> envelope) {

    static final int TOKEN_NOT_YET_VALID = 1003;
    static final int TOKEN_EXPIRED = 1004;
    static final int WRONG_METHOD = 1202;
    static final int NOT_FOUND = 1203;

    static KlingReply parse(int httpStatus, byte[] body) {
        try {
            KlingWire.Envelope envelope = Json.mapper().readValue(body, KlingWire.Envelope.class);
            return new KlingReply(httpStatus, Optional.ofNullable(envelope).filter(e -> e.code() != null));
        } catch (IOException e) {
            return new KlingReply(httpStatus, Optional.empty());
        }
    }

    OptionalInt code() {
        return envelope.map(e -> OptionalInt.of(e.code())).orElse(OptionalInt.empty());
    }

    Optional<String> requestId() {
        return envelope.map(KlingWire.Envelope::requestId);
    }

    boolean ok() {
        return code().equals(OptionalInt.of(0));
    }

    Optional<JsonNode> data() {
        return envelope.map(KlingWire.Envelope::data).filter(d -> !d.isNull());
    }

    boolean tokenTimeRejected() {
        int code = code().orElse(-1);
        return code == TOKEN_NOT_YET_VALID || code == TOKEN_EXPIRED;
    }

    /** Kling does not know the id asked for: code 1203, or an HTTP 404 that is not "wrong method". */
    boolean notFound() {
        return code().equals(OptionalInt.of(NOT_FOUND))
                || httpStatus == 404 && !code().equals(OptionalInt.of(WRONG_METHOD));
    }

    /** What a non-success answer means; {@code creating} marks a task create, where a 5xx may have created it. */
    KlingException failure(String call, boolean creating) {
        if (envelope.isPresent()) {
            KlingWire.Envelope e = envelope.get();
            return KlingException.forCode(e.code(), String.valueOf(e.message()), requestId(), creating);
        }
        String text = call + ": HTTP " + httpStatus + " without a Kling answer";
        if (httpStatus == 429) {
            return new KlingRetryableException(text, null);
        }
        if (httpStatus >= 400 && httpStatus < 500) {
            return new KlingOperatorException(text, Optional.empty());
        }
        return malformed(text, creating, null);
    }

    /** An answer that cannot be used: on a create the task may nevertheless exist. */
    static KlingException malformed(String text, boolean creating, Throwable cause) {
        return creating ? new KlingAmbiguousException(text, cause) : new KlingRetryableException(text, cause);
    }
}
