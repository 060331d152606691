package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.EngineStatistics;
import io.voicegate.ddbengine.fault.FaultRule;
import io.voicegate.ddbengine.fault.Faults;
import io.voicegate.ddbengine.store.Database;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every operation the engine serves, by its {@code X-Amz-Target} name, with injected faults applied before the
 * operation runs (an injected failure changes nothing).
 */
public final class Operations {

    private final Map<String, Function<JsonNode, ObjectNode>> byName = new HashMap<>();
    private final Faults faults;
    private final EngineStatistics statistics;
    private final TransactOperations transactions;

    public Operations(Database db, Faults faults) {
        this.faults = faults;
        this.statistics = db.statistics();
        ItemOperations items = new ItemOperations(db);
        ReadOperations reads = new ReadOperations(db);
        TableOperations tables = new TableOperations(db);
        StreamOperations streams = new StreamOperations(db);
        this.transactions = new TransactOperations(db);
        byName.put("CreateTable", tables::createTable);
        byName.put("DescribeTable", tables::describeTable);
        byName.put("ListTables", tables::listTables);
        byName.put("DeleteTable", tables::deleteTable);
        byName.put("UpdateTable", tables::updateTable);
        byName.put("UpdateTimeToLive", tables::updateTimeToLive);
        byName.put("DescribeTimeToLive", tables::describeTimeToLive);
        byName.put("PutItem", items::putItem);
        byName.put("GetItem", items::getItem);
        byName.put("UpdateItem", items::updateItem);
        byName.put("DeleteItem", items::deleteItem);
        byName.put("BatchGetItem", items::batchGetItem);
        byName.put("BatchWriteItem", items::batchWriteItem);
        byName.put("Query", reads::query);
        byName.put("Scan", reads::scan);
        byName.put("TransactWriteItems", transactions::transactWriteItems);
        byName.put("TransactGetItems", transactions::transactGetItems);
        byName.put("ListStreams", streams::listStreams);
        byName.put("DescribeStream", streams::describeStream);
        byName.put("GetShardIterator", streams::getShardIterator);
        byName.put("GetRecords", streams::getRecords);
    }

    /**
     * Runs {@code operation} on {@code request}.
     *
     * @throws DynamoError the operation's documented error, an injected fault, or {@code UnknownOperationException}
     */
    public ObjectNode run(String operation, JsonNode request) {
        Function<JsonNode, ObjectNode> op = byName.get(operation);
        if (op == null) {
            throw new DynamoError("UnknownOperationException", 400, "Operation " + operation
                    + " is not served by this engine");
        }
        statistics.call(operation);
        long delay = faults.latencyMillis(operation);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Optional<FaultRule.Kind> failure = faults.failure(operation);
        if (failure.isPresent()) {
            throw switch (failure.get()) {
                case THROTTLING -> new DynamoError("ThrottlingException", 400, "Rate of requests exceeds the allowed "
                        + "throughput.");
                case PROVISIONED_THROUGHPUT_EXCEEDED -> new DynamoError("ProvisionedThroughputExceededException", 400,
                        "The level of configured provisioned throughput for the table was exceeded. Consider "
                                + "increasing your provisioning level with the UpdateTable API.");
                case INTERNAL_SERVER_ERROR -> DynamoError.internal("Internal server error");
                case TRANSACTION_CONFLICT -> operation.startsWith("Transact") ? transactions.conflict(request)
                        : new DynamoError("TransactionConflictException", 400,
                        "Transaction is ongoing for the item");
                case LATENCY -> new IllegalStateException("latency is not a failure");
            };
        }
        return op.apply(request);
    }
}
