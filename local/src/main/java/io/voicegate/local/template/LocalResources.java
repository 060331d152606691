package io.voicegate.local.template;

import io.voicegate.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.local.template.SamTemplate.list;
import static io.voicegate.local.template.SamTemplate.map;

/**
 * Creates the template's tables and queues on the local engines, named by logical id, and records what
 * {@code Ref}/{@code Fn::GetAtt} give for each, so function environments resolve exactly as in AWS. A table or queue
 * that exists already (a stack restarted on its data directory) is reused with its contents, its indexes matched to
 * the template.
 */
public final class LocalResources {

    private final Map<String, String> refs = new HashMap<>();
    /** Keyed {@code LogicalId.Attribute}. */
    private final Map<String, String> attributes = new HashMap<>();

    /** Creates each table of the template, or reuses one that exists and gives it the template's indexes. */
    public void createTables(SamTemplate template, DynamoDbClient dynamo) {
        for (SamTemplate.Resource table : template.resources("AWS::DynamoDB::Table")) {
            TableDescription description = existingTable(dynamo, table.logicalId())
                    .map(existing -> matchIndexes(dynamo, table, existing))
                    .orElseGet(() -> createTable(dynamo, table));
            refs.put(table.logicalId(), table.logicalId());
            attributes.put(table.logicalId() + ".Arn", description.tableArn());
            if (description.latestStreamArn() != null) {
                attributes.put(table.logicalId() + ".StreamArn", description.latestStreamArn());
            }
        }
    }

    private static Optional<TableDescription> existingTable(DynamoDbClient dynamo, String name) {
        try {
            return Optional.of(dynamo.describeTable(d -> d.tableName(name)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static TableDescription createTable(DynamoDbClient dynamo, SamTemplate.Resource table) {
        Map<String, Object> p = table.properties();
        CreateTableRequest.Builder create = CreateTableRequest.builder().tableName(table.logicalId())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributeDefinitions(p))
                .keySchema(keySchema(p.get("KeySchema")));
        List<GlobalSecondaryIndex> indexes = indexes(p);
        if (!indexes.isEmpty()) {
            create.globalSecondaryIndexes(indexes);
        }
        Map<String, Object> stream = map(p.get("StreamSpecification"));
        if (!stream.isEmpty()) {
            create.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType((String) stream.get("StreamViewType")).build());
        }
        var description = dynamo.createTable(create.build()).tableDescription();
        Map<String, Object> ttl = map(p.get("TimeToLiveSpecification"));
        if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
            dynamo.updateTimeToLive(u -> u.tableName(table.logicalId()).timeToLiveSpecification(s -> s
                    .attributeName((String) ttl.get("AttributeName")).enabled(true)));
        }
        return description;
    }

    private static List<GlobalSecondaryIndex> indexes(Map<String, Object> p) {
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object gsi : list(p.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> index = map(gsi);
            Map<String, Object> projection = map(index.get("Projection"));
            indexes.add(GlobalSecondaryIndex.builder().indexName((String) index.get("IndexName"))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(Projection.builder().projectionType((String) projection.get("ProjectionType"))
                            .nonKeyAttributes(list(projection.get("NonKeyAttributes")).stream()
                                    .map(String::valueOf).toList()).build()).build());
        }
        return indexes;
    }

    private static List<AttributeDefinition> attributeDefinitions(Map<String, Object> p) {
        return list(p.get("AttributeDefinitions")).stream().map(SamTemplate::map)
                .map(a -> AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                        .attributeType((String) a.get("AttributeType")).build()).toList();
    }

    /**
     * A table kept in a data directory from another version of the template gets the template's indexes, one index
     * at a time, as CloudFormation changes them: an index the template no longer has is deleted, one it gained is
     * created and filled from the items that carry its key attributes. (CloudFormation adds or deletes one index per
     * stack update, so in AWS a renamed index takes two deploys; here both happen at the start.)
     */
    private static TableDescription matchIndexes(DynamoDbClient dynamo, SamTemplate.Resource table,
                                                 TableDescription existing) {
        List<String> present = existing.hasGlobalSecondaryIndexes() ? existing.globalSecondaryIndexes().stream()
                .map(i -> i.indexName()).toList() : List.of();
        List<String> wanted = indexes(table.properties()).stream().map(GlobalSecondaryIndex::indexName).toList();
        TableDescription description = existing;
        for (String gone : present) {
            if (!wanted.contains(gone)) {
                description = dynamo.updateTable(u -> u.tableName(table.logicalId())
                        .globalSecondaryIndexUpdates(g -> g.delete(d -> d.indexName(gone)))).tableDescription();
            }
        }
        for (GlobalSecondaryIndex index : indexes(table.properties())) {
            if (present.contains(index.indexName())) {
                continue;
            }
            description = dynamo.updateTable(u -> u.tableName(table.logicalId())
                    .attributeDefinitions(attributeDefinitions(table.properties()))
                    .globalSecondaryIndexUpdates(g -> g.create(c -> c.indexName(index.indexName())
                            .keySchema(index.keySchema()).projection(index.projection())))).tableDescription();
        }
        return description;
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        return list(schema).stream().map(SamTemplate::map).map(k -> KeySchemaElement.builder()
                .attributeName((String) k.get("AttributeName")).keyType((String) k.get("KeyType")).build()).toList();
    }

    /**
     * Resolves the template's intrinsics against these resources, those created so far and those created after.
     *
     * @param region what {@code AWS::Region} gives
     */
    public Intrinsics intrinsics(SamTemplate template, String region) {
        return new Intrinsics(template.parameterDefaults(), refs, attributes, region);
    }

    /**
     * Queues without a redrive policy first, so every dead-letter target exists when its source is created.
     *
     * @param maxReceiveCounts a queue's {@code maxReceiveCount} by logical id, over its redrive policy's
     */
    public void createQueues(SamTemplate template, SqsClient sqs, Intrinsics intrinsics,
                      Map<String, Integer> maxReceiveCounts) {
        List<SamTemplate.Resource> queues = new ArrayList<>(template.resources("AWS::SQS::Queue"));
        queues.sort((a, b) -> Boolean.compare(a.properties().containsKey("RedrivePolicy"),
                b.properties().containsKey("RedrivePolicy")));
        for (SamTemplate.Resource queue : queues) {
            String url = existingQueue(sqs, queue.logicalId()).orElseGet(() -> createQueue(sqs, queue, intrinsics,
                    Optional.ofNullable(maxReceiveCounts.get(queue.logicalId()))));
            String arn = sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            refs.put(queue.logicalId(), url);
            attributes.put(queue.logicalId() + ".Arn", arn);
            attributes.put(queue.logicalId() + ".QueueName", queue.logicalId());
            attributes.put(queue.logicalId() + ".QueueUrl", url);
        }
    }

    private static Optional<String> existingQueue(SqsClient sqs, String name) {
        try {
            return Optional.of(sqs.getQueueUrl(g -> g.queueName(name)).queueUrl());
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
    }

    private static String createQueue(SqsClient sqs, SamTemplate.Resource queue, Intrinsics intrinsics,
                                      Optional<Integer> maxReceiveCount) {
        Map<String, Object> p = queue.properties();
        Map<QueueAttributeName, String> attrs = new HashMap<>();
        copy(p, "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT, attrs);
        copy(p, "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD, attrs);
        copy(p, "DelaySeconds", QueueAttributeName.DELAY_SECONDS, attrs);
        Map<String, Object> redrive = map(p.get("RedrivePolicy"));
        if (!redrive.isEmpty()) {
            attrs.put(QueueAttributeName.REDRIVE_POLICY, Json.write(Map.of(
                    "deadLetterTargetArn", intrinsics.resolve(redrive.get("deadLetterTargetArn")),
                    "maxReceiveCount", String.valueOf(maxReceiveCount.orElse(
                            Integer.valueOf(String.valueOf(redrive.get("maxReceiveCount"))))))));
        }
        return sqs.createQueue(c -> c.queueName(queue.logicalId()).attributes(attrs)).queueUrl();
    }

    private static void copy(Map<String, Object> props, String name, QueueAttributeName attribute,
                             Map<QueueAttributeName, String> into) {
        if (props.containsKey(name)) {
            into.put(attribute, String.valueOf(props.get(name)));
        }
    }

    /** What {@code Ref} gives for a resource: a table's name, a queue's URL; null for one the stack lacks. */
    public String ref(String logicalId) {
        return refs.get(logicalId);
    }

    /** Makes {@code Ref logicalId} give {@code value}, for a resource the stack does not create. */
    public void putRef(String logicalId, String value) {
        refs.put(logicalId, value);
    }

    /**
     * The URL of the queue with this ARN.
     *
     * @throws IllegalArgumentException when no queue of the template has it
     */
    public String queueUrlForArn(String arn) {
        return refs.get(queueForArn(arn));
    }

    private String queueForArn(String arn) {
        return attributes.entrySet().stream().filter(e -> e.getKey().endsWith(".Arn") && e.getValue().equals(arn))
                .map(e -> e.getKey().substring(0, e.getKey().length() - 4)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no local queue with ARN " + arn));
    }
}
