package io.voicegate.config;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the writes a function's first event makes, which a read cannot warm: DynamoDB's
 * {@code UpdateItem}, {@code PutItem}, {@code DeleteItem} and {@code TransactWriteItems} (with each kind of item), and
 * SQS's {@code SendMessage}, in the shapes the adapters use (conditions, returned values, delays, message
 * attributes). Each call goes through the SDK as a real one (request built, marshalled to the wire protocol, endpoint
 * resolved, signed) and is stopped by {@link NotSent} just before it would be sent: nothing reaches DynamoDB or SQS,
 * so nothing is written, and the code a first write runs is loaded and compiled before the snapshot.
 *
 * <p>Source: "Improving startup performance with Lambda SnapStart", AWS Lambda developer guide (priming: running
 * code paths before the snapshot so restored functions start with them loaded).
 */
final class WritePriming {

    /** The names the stopped calls carry; never sent, so they need not exist. */
    private static final String TABLE = "voicegate-priming";
    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/000000000000/voicegate-priming";

    private WritePriming() {
    }

    /**
     * Runs every priming write on clients that stop each call before it is sent.
     *
     * @return the number of calls made (and stopped)
     * @throws IllegalStateException a call ended otherwise than stopped before sending (it may have been sent)
     */
    static int run(Config config) {
        AwsClients unsent = AwsClients.unsent(config);
        DynamoDbClient dynamo = unsent.dynamo();
        SqsClient sqs = unsent.sqs();
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("PRIMING"),
                "sk", AttributeValue.fromS("PRIMING"));
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("PRIMING"),
                "sk", AttributeValue.fromS("PRIMING"), "n", AttributeValue.fromN("1"),
                "b", AttributeValue.fromBool(true), "m", AttributeValue.fromM(Map.of("s", AttributeValue.fromS("s"))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"))));
        Map<String, String> names = Map.of("#n", "n");
        Map<String, AttributeValue> values = Map.of(":one", AttributeValue.fromN("1"));
        List<Runnable> calls = List.of(
                () -> dynamo.updateItem(u -> u.tableName(TABLE).key(key).updateExpression("SET #n = :one")
                        .conditionExpression("attribute_exists(#n)").expressionAttributeNames(names)
                        .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                () -> dynamo.putItem(p -> p.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(pk)")),
                () -> dynamo.deleteItem(d -> d.tableName(TABLE).key(key).conditionExpression("attribute_exists(pk)")),
                () -> dynamo.transactWriteItems(t -> t.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item)
                                .conditionExpression("attribute_not_exists(pk)").build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(TABLE).key(key)
                                .updateExpression("ADD #n :one").expressionAttributeNames(names)
                                .expressionAttributeValues(values)
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build(),
                        TransactWriteItem.builder().delete(Delete.builder().tableName(TABLE).key(key).build()).build(),
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(TABLE).key(key)
                                .conditionExpression("attribute_exists(pk)").build()).build())),
                () -> sqs.sendMessage(m -> m.queueUrl(QUEUE_URL).messageBody("{}").delaySeconds(1)
                        .messageAttributes(Map.of("request_id", MessageAttributeValue.builder().dataType("String")
                                .stringValue("priming").build()))));
        try {
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    if (stopped(e)) {
                        continue;
                    }
                    throw new IllegalStateException("a priming write ended otherwise than stopped: " + e, e);
                }
                throw new IllegalStateException("a priming write was not stopped before it was sent");
            }
            return calls.size();
        } finally {
            dynamo.close();
            sqs.close();
        }
    }

    private static boolean stopped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotSent.Stop) {
                return true;
            }
        }
        return false;
    }

    /** Stops every call just before it is sent (ExecutionInterceptor {@code beforeTransmission}). */
    static final class NotSent implements ExecutionInterceptor {

        /** What a stopped call throws. */
        static final class Stop extends RuntimeException {
            Stop() {
                super("a priming call, stopped before it was sent", null, false, false);
            }
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new Stop();
        }
    }
}
