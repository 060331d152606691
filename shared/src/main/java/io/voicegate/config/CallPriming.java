package io.voicegate.config;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * SnapStart priming of the AWS calls a first event makes besides the priming read ({@code GetItem}, which the wiring
 * makes for real): DynamoDB's {@code UpdateItem}, {@code PutItem}, {@code DeleteItem}, {@code TransactWriteItems}
 * (with each kind of item) and {@code Query}, and SQS's {@code SendMessage} and {@code ChangeMessageVisibility}, in the
 * shapes the adapters use (conditions, returned values, delays). Each goes through the SDK as a real call (built,
 * marshalled to the JSON protocol, endpoint resolved, signed, its answer parsed, a refusal decoded into its exception)
 * over an HTTP client with no network code ({@link Answers}), which answers each operation as the service would: a
 * success, or the refusal the functions meet most (a failed condition, a canceled transaction). Nothing can reach
 * DynamoDB or SQS, so nothing is written, and the code of those calls has run once before the snapshot.
 *
 * <p>Sources: "Maximize Lambda SnapStart performance" (priming), AWS Lambda developer guide; the answers' shapes from
 * the DynamoDB API reference (UpdateItem, PutItem, DeleteItem, TransactWriteItems, Query, and "Error handling with
 * DynamoDB" for a refusal's {@code __type}) and the SQS API reference (SendMessage, ChangeMessageVisibility).
 */
public final class CallPriming {

    /** The operations primed here; with the priming {@code GetItem}, every operation a function's event makes. */
    public static final Set<String> OPERATIONS = Set.of("UpdateItem", "PutItem", "DeleteItem", "TransactWriteItems",
            "Query", "SendMessage", "ChangeMessageVisibility");

    /** The body of the primed message, and its MD5 as SQS answers it (the SDK checks it against the body). */
    private static final String MESSAGE_BODY = "{}";
    private static final String MESSAGE_BODY_MD5 = "99914b932bd37a50b983c5e7c90ae93b";
    private static final String TABLE = "voicegate-priming";
    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/000000000000/voicegate-priming";

    private CallPriming() {
    }

    /**
     * Primes every call on clients of its own, over {@link Answers}.
     *
     * @return the operations primed
     * @throws IllegalStateException a call did not end as primed (the rest were not made)
     */
    static Set<String> run(Config config) {
        AwsClients clients = AwsClients.priming(config, new Answers());
        DynamoDbClient dynamo = clients.dynamo();
        SqsClient sqs = clients.sqs();
        try {
            return run(dynamo, sqs);
        } finally {
            dynamo.close();
            sqs.close();
        }
    }

    /**
     * Makes each priming call on these clients and checks that it ended as {@link Answers} answers it.
     *
     * @return the operations primed
     * @throws IllegalStateException a call ended otherwise (for clients that reach a network: it was sent)
     */
    static Set<String> run(DynamoDbClient dynamo, SqsClient sqs) {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("PRIMING"),
                "sk", AttributeValue.fromS("PRIMING"));
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("PRIMING"),
                "sk", AttributeValue.fromS("PRIMING"), "n", AttributeValue.fromN("1"),
                "b", AttributeValue.fromBool(true), "m", AttributeValue.fromM(Map.of("s", AttributeValue.fromS("s"))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"))));
        Map<String, String> names = Map.of("#n", "n");
        Map<String, AttributeValue> values = Map.of(":one", AttributeValue.fromN("1"));
        Map<String, BooleanSupplier> calls = new LinkedHashMap<>();
        calls.put("UpdateItem", () -> dynamo.updateItem(u -> u.tableName(TABLE).key(key)
                        .updateExpression("SET #n = :one").conditionExpression("attribute_exists(#n)")
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                .attributes().containsKey("n"));
        calls.put("PutItem", () -> {
            try {
                dynamo.putItem(p -> p.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return false;
            } catch (ConditionalCheckFailedException e) {
                return e.hasItem() && e.item().containsKey("pk");
            }
        });
        calls.put("DeleteItem", () -> {
            dynamo.deleteItem(d -> d.tableName(TABLE).key(key).conditionExpression("attribute_exists(pk)"));
            return true;
        });
        calls.put("TransactWriteItems", () -> {
            try {
                dynamo.transactWriteItems(t -> t.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item)
                                .conditionExpression("attribute_not_exists(pk)")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(TABLE).key(key)
                                .updateExpression("ADD #n :one").expressionAttributeNames(names)
                                .expressionAttributeValues(values).build()).build(),
                        TransactWriteItem.builder().delete(Delete.builder().tableName(TABLE).key(key).build()).build(),
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(TABLE).key(key)
                                .conditionExpression("attribute_exists(pk)").build()).build()));
                return false;
            } catch (TransactionCanceledException e) {
                return e.hasCancellationReasons() && "ConditionalCheckFailed".equals(
                        e.cancellationReasons().get(0).code());
            }
        });
        calls.put("Query", () -> dynamo.query(q -> q.tableName(TABLE).indexName("priming").consistentRead(false)
                .keyConditionExpression("#n = :one").expressionAttributeNames(names)
                .expressionAttributeValues(values).limit(1)).count() == 1);
        calls.put("SendMessage", () -> sqs.sendMessage(m -> m.queueUrl(QUEUE_URL).messageBody(MESSAGE_BODY)
                .delaySeconds(1)).messageId() != null);
        calls.put("ChangeMessageVisibility", () -> {
            sqs.changeMessageVisibility(c -> c.queueUrl(QUEUE_URL).receiptHandle("priming").visibilityTimeout(1));
            return true;
        });
        calls.forEach((operation, call) -> {
            boolean primed;
            try {
                primed = call.getAsBoolean();
            } catch (RuntimeException e) {
                throw new IllegalStateException(operation + " did not end as primed: " + e, e);
            }
            if (!primed) {
                throw new IllegalStateException(operation + " did not end as primed");
            }
        });
        return Set.copyOf(calls.keySet());
    }

    /**
     * An SDK HTTP client with no network code: it answers each operation (by its {@code X-Amz-Target} header, the AWS
     * JSON protocol's operation name, which DynamoDB and SQS both speak) with the answer {@link CallPriming} expects,
     * and any other call with a {@code 400}. Nothing it is given leaves the process.
     */
    static final class Answers implements SdkHttpClient {

        private static final String DYNAMODB = "DynamoDB_20120810.";
        private static final String SQS = "AmazonSQS.";
        private static final String REFUSED_ITEM = "{\"pk\":{\"S\":\"PRIMING\"},\"n\":{\"N\":\"1\"}}";
        private static final Map<String, Answer> ANSWERS = Map.of(
                DYNAMODB + "UpdateItem", new Answer(200, "{\"Attributes\":{\"n\":{\"N\":\"1\"}}}"),
                DYNAMODB + "PutItem", new Answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                        + "ConditionalCheckFailedException\",\"message\":\"The conditional request failed\","
                        + "\"Item\":" + REFUSED_ITEM + "}"),
                DYNAMODB + "DeleteItem", new Answer(200, "{}"),
                DYNAMODB + "TransactWriteItems", new Answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                        + "TransactionCanceledException\",\"Message\":\"Transaction cancelled, please refer "
                        + "cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None]\","
                        + "\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The "
                        + "conditional request failed\",\"Item\":" + REFUSED_ITEM + "},{\"Code\":\"None\"},"
                        + "{\"Code\":\"None\"},{\"Code\":\"None\"}]}"),
                DYNAMODB + "Query", new Answer(200, "{\"Count\":1,\"Items\":[" + REFUSED_ITEM + "],"
                        + "\"ScannedCount\":1}"),
                SQS + "SendMessage", new Answer(200, "{\"MD5OfMessageBody\":\"" + MESSAGE_BODY_MD5 + "\","
                        + "\"MessageId\":\"00000000-0000-4000-8000-000000000000\"}"),
                SQS + "ChangeMessageVisibility", new Answer(200, "{}"));
        private static final Answer UNKNOWN = new Answer(400,
                "{\"__type\":\"UnknownOperationException\",\"message\":\"not an operation primed here\"}");

        private record Answer(int status, String body) {
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            Answer answer = request.httpRequest().firstMatchingHeader("X-Amz-Target").map(ANSWERS::get)
                    .orElse(UNKNOWN);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(answer.status())
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("Content-Length", Integer.toString(body.length))
                                    .putHeader("x-amzn-RequestId", "priming").build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public String clientName() {
            return "priming";
        }

        @Override
        public void close() {
        }
    }
}
