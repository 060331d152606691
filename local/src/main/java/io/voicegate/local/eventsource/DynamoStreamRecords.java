package io.voicegate.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.json.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB Streams records as Lambda delivers them: first the JSON of each record (what filters are matched against),
 * then a {@link DynamodbEvent} built from that JSON by the Lambda runtime's own serializer, since plain Jackson cannot
 * read Lambda's event classes. The SDK record has no {@code eventSourceARN}; the stream's ARN is set, as Lambda does.
 */
final class DynamoStreamRecords {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamoStreamRecords.class.getClassLoader());

    private DynamoStreamRecords() {
    }

    /** One record's Lambda JSON ({@code eventID}, {@code eventName}, {@code dynamodb.NewImage}, …). */
    static ObjectNode toLambdaJson(Record record, String streamArn, String region) {
        ObjectNode json = NODES.objectNode();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        json.put("eventSource", "aws:dynamodb");
        json.put("awsRegion", region);
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = json.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime",
                    BigDecimal.valueOf(change.approximateCreationDateTime().toEpochMilli(), 3));
        }
        if (change.hasKeys()) {
            dynamodb.set("Keys", item(change.keys()));
        }
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        if (change.sizeBytes() != null) {
            dynamodb.put("SizeBytes", change.sizeBytes());
        }
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        if (record.userIdentity() != null) {
            json.putObject("userIdentity").put("principalId", record.userIdentity().principalId())
                    .put("type", record.userIdentity().type());
        }
        json.put("eventSourceARN", streamArn);
        return json;
    }

    /** The event Lambda would hand the function for these records, through the runtime's serializer. */
    static DynamodbEvent toEvent(List<ObjectNode> records) {
        ObjectNode event = NODES.objectNode();
        event.putArray("Records").addAll(records);
        return SERIALIZER.fromJson(Json.write(event));
    }

    private static ObjectNode item(Map<String, AttributeValue> attributes) {
        ObjectNode item = NODES.objectNode();
        attributes.forEach((name, value) -> item.set(name, attribute(value)));
        return item;
    }

    static ObjectNode attribute(AttributeValue value) {
        ObjectNode json = NODES.objectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case SS -> strings(json.putArray("SS"), value.ss());
            case NS -> strings(json.putArray("NS"), value.ns());
            case BS -> strings(json.putArray("BS"), value.bs().stream().map(DynamoStreamRecords::base64).toList());
            case M -> json.set("M", item(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(element -> list.add(attribute(element)));
            }
            default -> throw new IllegalArgumentException("unknown DynamoDB attribute type in " + value);
        }
        return json;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
