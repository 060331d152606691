package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.Request;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests as the {@code requests} table's stream records show them: a record's new image is the item as that write
 * left it (DynamoDB developer guide, "Change data capture for DynamoDB Streams", {@code NEW_IMAGE}).
 */
public final class StreamImages {

    /** What every request item carries; an image without them is not a whole request item. */
    private static final List<String> REQUIRED = List.of(RequestItems.REQUEST_ID, RequestItems.ACCOUNT_ID,
            RequestItems.MODEL, RequestItems.SOURCE, RequestItems.STATUS, RequestItems.CREATED_AT,
            RequestItems.UPDATED_AT, RequestItems.BILLING);

    private StreamImages() {
    }

    /** The request in a new image; empty when the image is not a whole request item (e.g. no image at all). */
    public static Optional<Request> request(Map<String, AttributeValue> image) {
        if (!image.keySet().containsAll(REQUIRED) || image.get(RequestItems.BILLING).m() == null
                || image.get(RequestItems.BILLING).m().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RequestItems.fromItem(image));
    }
}
