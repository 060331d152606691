package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.reconciliation.OurCharge;
import io.voicegate.port.ChargeRecords;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/** {@link ChargeRecords} on the requests table's {@code account_requests} index (account id, creation time). */
public class DynamoChargeRecords implements ChargeRecords {

    private final DynamoDbClient dynamo;
    private final String requestsTable;

    public DynamoChargeRecords(DynamoDbClient dynamo, String requestsTable) {
        this.dynamo = dynamo;
        this.requestsTable = requestsTable;
    }

    @Override
    public List<OurCharge> createdBetween(String accountId, Instant from, Instant to) {
        List<Map<String, AttributeValue>> keys = dynamo.queryPaginator(q -> q.tableName(requestsTable)
                        .indexName(RequestItems.BY_ACCOUNT_INDEX)
                        .keyConditionExpression("#account = :account AND #created BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#account", RequestItems.ACCOUNT_ID,
                                "#created", RequestItems.CREATED_AT))
                        .expressionAttributeValues(Map.of(":account", s(accountId),
                                ":from", n(from.getEpochSecond()), ":to", n(to.getEpochSecond() - 1))))
                .items().stream().toList();
        // The index carries keys only; the requests are read from the table.
        return BatchReads.items(dynamo, requestsTable, List.of(RequestItems.REQUEST_ID), keys).stream()
                .map(RequestItems::fromItem).map(OurCharge::of).flatMap(Optional::stream).toList();
    }
}
