package io.voicegate.local.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Counts the AWS calls the functions make through their SDK clients (one per API call, whatever its answer; SDK
 * retries of one call are one call), with the capacity units DynamoDB reports for each. Attached to the local stack's
 * functions by {@link io.voicegate.local.LocalStack.Options.Builder#awsInterceptors}; the pollers that feed the functions
 * (Lambda's SQS and stream event sources) are the platform's, not the functions', and are not counted.
 *
 * <p>To read the units, every DynamoDB call is asked for {@code ReturnConsumedCapacity=INDEXES}: that only adds the
 * {@code ConsumedCapacity} field to the answer (DynamoDB API reference, "ReturnConsumedCapacity"); what the call does
 * and costs is unchanged. A call that fails (e.g. a failed condition) reports no units.
 */
public final class AwsCallCounter {

    /**
     * One call.
     *
     * @param function   the template function (logical id) whose client made it
     * @param service    {@code DynamoDB} or {@code SQS}
     * @param operation  the API operation, e.g. {@code UpdateItem}
     * @param writeUnits write capacity units DynamoDB reported (table and indexes), 0 for SQS
     * @param indexWriteUnits the part of {@code writeUnits} spent on secondary indexes
     * @param readUnits  read capacity units DynamoDB reported, 0 for SQS
     * @param failed     the call was answered with an error (e.g. a failed condition)
     */
    public record Call(String function, String service, String operation, double writeUnits, double indexWriteUnits,
                       double readUnits, boolean failed) {
    }

    private final List<Call> calls = new ArrayList<>();

    /** The interceptor for one function's clients: each of its calls is counted under {@code function}. */
    public ExecutionInterceptor interceptorFor(String function) {
        return new Interceptor(function);
    }

    /** Every call counted since the last {@link #reset()}, in the order they ended. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized void reset() {
        calls.clear();
    }

    private synchronized void add(Call call) {
        calls.add(call);
    }

    private final class Interceptor implements ExecutionInterceptor {

        private final String function;

        Interceptor(String function) {
            this.function = function;
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
            SdkRequest request = context.request();
            if (request instanceof GetItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof PutItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof UpdateItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof DeleteItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof QueryRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof ScanRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof BatchGetItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof BatchWriteItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof TransactWriteItemsRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof TransactGetItemsRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            }
            return request;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            List<ConsumedCapacity> consumed = consumed(context.response());
            double write = 0;
            double indexWrite = 0;
            double read = 0;
            for (ConsumedCapacity c : consumed) {
                write += units(c.writeCapacityUnits());
                read += units(c.readCapacityUnits());
                if (c.globalSecondaryIndexes() != null) {
                    indexWrite += c.globalSecondaryIndexes().values().stream()
                            .mapToDouble(i -> units(i.writeCapacityUnits())).sum();
                }
                if (c.localSecondaryIndexes() != null) {
                    indexWrite += c.localSecondaryIndexes().values().stream()
                            .mapToDouble(i -> units(i.writeCapacityUnits())).sum();
                }
            }
            add(new Call(function, service(attributes), operation(attributes), write, indexWrite, read, false));
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            add(new Call(function, service(attributes), operation(attributes), 0, 0, 0, true));
        }

        private static List<ConsumedCapacity> consumed(SdkResponse response) {
            Optional<Object> field = response.getValueForField("ConsumedCapacity", Object.class);
            if (field.isEmpty()) {
                return List.of();
            }
            List<ConsumedCapacity> out = new ArrayList<>();
            if (field.get() instanceof ConsumedCapacity one) {
                out.add(one);
            } else if (field.get() instanceof List<?> many) {
                many.stream().filter(ConsumedCapacity.class::isInstance).map(ConsumedCapacity.class::cast)
                        .forEach(out::add);
            }
            return out;
        }

        private static double units(Double value) {
            return value == null ? 0 : value;
        }

        private static String service(ExecutionAttributes attributes) {
            String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            if (name == null) {
                return "?";
            }
            return switch (name) {
                case "DynamoDb" -> "DynamoDB";
                case "Sqs" -> "SQS";
                default -> name;
            };
        }

        private static String operation(ExecutionAttributes attributes) {
            String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            return name == null ? "?" : name;
        }
    }
}
