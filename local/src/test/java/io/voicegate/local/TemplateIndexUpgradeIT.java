package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.port.RequestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A data directory kept from an earlier template gets the template's indexes when the stack starts on it: one the
 * template gained is created from the items, one it dropped is deleted, and what was written before is still found.
 */
class TemplateIndexUpgradeIT {

    /**
     * The earlier template: the requests table's account index was {@code by_account} with every attribute, its
     * {@code open_requests} entries were re-keyed by state (dispatched, processing, unsettled) on every status change,
     * and the accounts table had no index yet. (One test, as ElasticMQ keeps one data directory per JVM.)
     */
    @Test
    void aDataDirFromAnEarlierTemplateGetsTheTemplatesIndexesAndKeepsEverythingFindable(@TempDir Path dir)
            throws Exception {
        String template = Files.readString(LocalStackExtension.root().resolve("template.yaml"));
        String lean = "          Projection:\n            ProjectionType: KEYS_ONLY\n        # Sparse: open_status";
        int start = template.indexOf("      GlobalSecondaryIndexes:\n        # Sparse: every account");
        int end = template.indexOf("      TimeToLiveSpecification:", start);
        Path older = dir.resolve("older.yaml");
        Files.writeString(older, (template.substring(0, start) + template.substring(end))
                .replace("IndexName: account_requests", "IndexName: by_account")
                .replace(lean, lean.replace("KEYS_ONLY", "ALL")).replace("""
                        - AttributeName: list_pk
                          AttributeType: S
                        - AttributeName: list_sk
                          AttributeType: S
                """, "")
                // the copy lives elsewhere: its AWS::Include names the document by its absolute path
                .replace("Location: shared/src/main/resources/openapi.yaml", "Location: "
                        + LocalStackExtension.root().resolve("shared/src/main/resources/openapi.yaml")));
        assertThat(Files.readString(older)).contains("IndexName: by_account")
                .doesNotContain("IndexName: account_", "KEYS_ONLY\n        # Sparse: open_status", "list_pk");
        String key = ApiKeys.generate(new SecureRandom());
        String settledId;
        String legacyId;
        try (LocalStack before = LocalStack.start(LocalStack.Options.builder(older).dataDir(dir.resolve("data"))
                .scheduleInterval(Duration.ofDays(1)).build())) {
            assertThat(before.dynamo().describeTable(d -> d.tableName("AccountsTable")).table()
                    .hasGlobalSecondaryIndexes()).isFalse();
            before.openAccount("kept", key, Money.ofUsd("1"), List.of());
            ApiClient client = new ApiClient(before.baseUrl(), key);
            settledId = client.submit(SubmitApiIT.VALID).json().get("request_id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/requests/" + settledId).json()
                    .at("/billing/state").asText().equals("settled"));
            // A request the earlier version left processing: its open key was its state, and when it entered it.
            legacyId = Requests.dispatchedIn(before, "kept", "legacy", Instant.now().minusSeconds(3600))
                    .requestId();
            before.dynamo().updateItem(u -> u.tableName(before.ref("RequestsTable"))
                    .key(Map.of("request_id", AttributeValue.fromS(legacyId)))
                    .updateExpression("SET #status = :p, open_status = :p, open_since = :t, updated_at = :t, "
                            + "kling_task_id = :task")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("processing"),
                            ":t", AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(1800)
                                    .getEpochSecond())), ":task", AttributeValue.fromS("legacy-task"))));
        }

        try (LocalStack after = LocalStack.start(LocalStack.Options.builder(LocalStackExtension.root()
                .resolve("template.yaml")).dataDir(dir.resolve("data")).scheduleInterval(Duration.ofDays(1)).build())) {
            ApiClient client = new ApiClient(after.baseUrl(), key);
            JsonNode listed = client.get("/requests").json();
            JsonNode statement = client.get("/account/ledger").json();
            var open = after.function("SweepFunction").wiring().requestStore()
                    .open(RequestStore.OpenState.PROCESSING, Instant.now().minusSeconds(60), 10);

            assertThat(after.dynamo().describeTable(d -> d.tableName("RequestsTable")).table()
                    .globalSecondaryIndexes()).extracting(i -> i.indexName())
                    .containsExactlyInAnyOrder("account_requests", "open_requests");
            assertThat(after.dynamo().describeTable(d -> d.tableName("AccountsTable")).table()
                    .globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("account_listing");
            assertThat(listed.get("requests")).extracting(r -> r.get("request_id").asText())
                    .contains(settledId, legacyId);
            assertThat(statement.get("entries")).extracting(e -> e.get("id").asText())
                    .contains(settledId + "#hold", settledId + "#settle");
            assertThat(open).extracting(RequestStore.OpenRequest::requestId).containsExactly(legacyId);
            assertThat(client.get("/account").json().get("balance_micros").asLong())
                    .isEqualTo(1_000_000 - 7_000 - 70_000);
        }
    }
}
