package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.DeliveryAttempt;
import io.voicegate.port.DeliveryLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/**
 * {@link DeliveryLog} in the {@code accounts} table: under {@code DELIVERY#{request_id}}, a counter item numbering the
 * attempts (one atomic {@code ADD}) and one item per attempt ({@code ATTEMPT#000001} …), which expire with the
 * table's TTL 30 days after they were made.
 */
public class DynamoDeliveryLog implements DeliveryLog {

    static final long RETENTION_SECONDS = 30L * 24 * 3600;
    private static final String COUNTER = "COUNTER";
    private static final String ATTEMPT_PREFIX = "ATTEMPT#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDeliveryLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static String pk(String requestId) {
        return "DELIVERY#" + requestId;
    }

    @Override
    public int nextAttempt(String requestId) {
        Map<String, AttributeValue> after = dynamo.updateItem(u -> u.tableName(table)
                .key(Map.of(AccountItems.PK, s(pk(requestId)), AccountItems.SK, s(COUNTER)))
                .updateExpression("ADD #count :one")
                .expressionAttributeNames(Map.of("#count", "attempts"))
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return (int) Attr.number(after, "attempts");
    }

    @Override
    public void record(String requestId, DeliveryAttempt attempt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AccountItems.PK, s(pk(requestId)));
        item.put(AccountItems.SK, s(ATTEMPT_PREFIX + String.format("%06d", attempt.attempt())));
        item.put("attempt", n(attempt.attempt()));
        item.put("at_ms", n(attempt.at().toEpochMilli()));
        item.put("trigger", s(attempt.trigger().wireName()));
        attempt.status().ifPresent(status -> item.put("status", n(status)));
        attempt.error().ifPresent(error -> item.put("error", s(error)));
        item.put("duration_ms", n(attempt.durationMs()));
        attempt.nextAttemptAt().ifPresent(next -> item.put("next_attempt_at", n(next.getEpochSecond())));
        item.put(AccountItems.EXPIRES_AT, n(attempt.at().getEpochSecond() + RETENTION_SECONDS));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public List<DeliveryAttempt> attempts(String requestId) {
        return dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :attempt)")
                        .expressionAttributeNames(Map.of("#pk", AccountItems.PK, "#sk", AccountItems.SK))
                        .expressionAttributeValues(Map.of(":pk", s(pk(requestId)), ":attempt", s(ATTEMPT_PREFIX))))
                .items().stream().map(DynamoDeliveryLog::attempt).toList();
    }

    private static DeliveryAttempt attempt(Map<String, AttributeValue> item) {
        return new DeliveryAttempt((int) Attr.number(item, "attempt"),
                Instant.ofEpochMilli(Attr.number(item, "at_ms")),
                DeliveryAttempt.Trigger.fromWire(Attr.string(item, "trigger")),
                item.containsKey("status") ? Optional.of((int) Attr.number(item, "status")) : Optional.empty(),
                Attr.optionalString(item, "error"), Attr.number(item, "duration_ms"),
                item.containsKey("next_attempt_at")
                        ? Optional.of(Instant.ofEpochSecond(Attr.number(item, "next_attempt_at"))) : Optional.empty());
    }
}
