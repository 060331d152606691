package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A data directory kept from before the template gained an index gets the index when the stack starts on it. */
class TemplateIndexUpgradeIT {

    @Test
    void aTableKeptFromBeforeGainsTheTemplatesNewIndex(@TempDir Path dir) throws Exception {
        String template = Files.readString(LocalStackExtension.root().resolve("template.yaml"));
        int start = template.indexOf("      GlobalSecondaryIndexes:\n        # Sparse: every account");
        int end = template.indexOf("      TimeToLiveSpecification:", start);
        Path older = dir.resolve("older.yaml");
        Files.writeString(older, (template.substring(0, start) + template.substring(end)).replace("""
                        - AttributeName: list_pk
                          AttributeType: S
                        - AttributeName: list_sk
                          AttributeType: S
                """, "")
                // the copy lives elsewhere: its AWS::Include names the document by its absolute path
                .replace("Location: shared/src/main/resources/openapi.yaml", "Location: "
                        + LocalStackExtension.root().resolve("shared/src/main/resources/openapi.yaml")));
        String key = ApiKeys.generate(new SecureRandom());
        try (LocalStack before = LocalStack.start(LocalStack.Options.defaults(older).withDataDir(dir.resolve("data"))
                .withScheduleInterval(Duration.ofDays(1)))) {
            assertThat(before.dynamo().describeTable(d -> d.tableName("AccountsTable")).table()
                    .hasGlobalSecondaryIndexes()).isFalse();
            before.openAccount("kept", key, Money.ofUsd("1"), List.of());
        }

        try (LocalStack after = LocalStack.start(LocalStack.Options.defaults(LocalStackExtension.root()
                .resolve("template.yaml")).withDataDir(dir.resolve("data")).withScheduleInterval(Duration.ofDays(1)))) {
            ApiClient client = new ApiClient(after.baseUrl(), key);
            JsonNode statement = client.get("/account/ledger").json();

            assertThat(after.dynamo().describeTable(d -> d.tableName("AccountsTable")).table()
                    .globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("listing");
            assertThat(statement.get("entries").isArray()).isTrue();
            assertThat(client.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
        }
    }
}
