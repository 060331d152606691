package io.voicegate.local;

import io.voicegate.json.Json;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack builds what {@code template.yaml} declares, read from the template rather than restated. */
@ExtendWith(LocalStackExtension.class)
class LocalStackFromTemplateIT {

    private final LocalStack stack = LocalStackExtension.stack();

    @Test
    void requestsTableHasItsKeysIndexesAndStream() {
        TableDescription table = stack.dynamo().describeTable(d -> d.tableName(stack.ref("RequestsTable"))).table();

        assertThat(table.keySchema()).extracting(k -> k.attributeName()).containsExactly("request_id");
        assertThat(table.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("account_requests", "open_requests");
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.projection().projectionTypeAsString())
                .containsOnly("KEYS_ONLY");
        assertThat(table.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(table.latestStreamArn()).isNotBlank();
    }

    @Test
    void accountsTableExpiresIdempotencyKeys() {
        var ttl = stack.dynamo().describeTimeToLive(d -> d.tableName(stack.ref("AccountsTable")))
                .timeToLiveDescription();

        assertThat(ttl.attributeName()).isEqualTo("expires_at");
    }

    @Test
    void queuesRedriveToTheirDeadLetterQueues() throws Exception {
        for (String queue : new String[] {"IntakeQueue", "DispatchQueue"}) {
            Map<QueueAttributeName, String> attributes = stack.sqs().getQueueAttributes(g -> g
                    .queueUrl(stack.ref(queue)).attributeNames(QueueAttributeName.ALL)).attributes();
            var redrive = Json.mapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));

            assertThat(redrive.get("deadLetterTargetArn").asText()).endsWith(":" + queue.replace("Queue", "")
                    + "DeadLetterQueue");
            assertThat(redrive.get("maxReceiveCount").asInt()).isPositive();
            assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo(String.valueOf(template()
                    .resources("AWS::SQS::Queue").stream().filter(q -> q.logicalId().equals(queue)).findFirst()
                    .orElseThrow().properties().get("VisibilityTimeout")));
        }
    }

    private static SamTemplate template() {
        return SamTemplate.load(LocalStackExtension.root().resolve("template.yaml"));
    }

    @Test
    void functionsGetTheTemplatesEnvironmentResolvedToLocalResources() {
        Map<String, String> env = stack.environment("IntakeFunction");

        assertThat(env).containsEntry("REQUESTS_TABLE", "RequestsTable")
                .containsEntry("DISPATCH_QUEUE_URL", stack.ref("DispatchQueue"))
                .containsEntry("INTAKE_DLQ_URL", stack.ref("IntakeDeadLetterQueue"))
                .containsEntry("HOLD_MICROS", "70000");
    }
}
