package io.voicegate.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.json.Json;

import java.util.List;

/**
 * Reads a stream function's partial batch response ({@code StreamsEventResponse} or anything of the same JSON shape)
 * as Lambda does: no response or no failures is success; otherwise the batch checkpoints before the failed record
 * with the lowest sequence number. An identifier that is null, empty or not in the batch fails the whole batch.
 */
final class StreamBatchResponse {

    private StreamBatchResponse() {
    }

    /** @return the index of the first record to retry, or -1 when the whole batch succeeded */
    static int firstFailed(Object response, List<ObjectNode> batch) {
        if (response == null) {
            return -1;
        }
        JsonNode failures;
        try {
            failures = Json.mapper().valueToTree(response).path("batchItemFailures");
        } catch (IllegalArgumentException e) {
            return 0;
        }
        if (failures.isMissingNode() || failures.isNull() || failures.isEmpty()) {
            return -1;
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            JsonNode id = failure.path("itemIdentifier");
            int index = id.isTextual() ? indexOf(id.asText(), batch) : -1;
            if (index < 0) {
                return 0;
            }
            first = Math.min(first, index);
        }
        return first;
    }

    private static int indexOf(String sequenceNumber, List<ObjectNode> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).path("dynamodb").path("SequenceNumber").asText().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }
}
