package io.voicegate.ddbengine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data directory keeps every committed write across a restart, and its file does not grow with each commit. */
class DurabilityTest {

    @TempDir
    Path dir;

    @Test
    void everyCommittedWriteSurvivesARestartAndTheFileStaysSmall() throws IOException {
        int writes = 1500;
        try (DynamoEngine engine = DynamoEngine.start(EngineOptions.defaults().withDataDir(dir));
             DynamoDbClient ddb = client(engine)) {
            ddb.createTable(t -> t.tableName("counters").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            for (int i = 0; i < writes; i++) {
                String key = "k" + (i % 10);
                ddb.updateItem(u -> u.tableName("counters").key(Map.of("pk", AttributeValue.fromS(key)))
                        .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            }
        }
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("data directory after %d commits: %d bytes%n", writes, bytes);
        assertThat(bytes).as("old versions are reclaimed, not kept per commit").isLessThan(8L * 1024 * 1024);
        try (DynamoEngine engine = DynamoEngine.start(EngineOptions.defaults().withDataDir(dir));
             DynamoDbClient ddb = client(engine)) {
            int total = ddb.scan(s -> s.tableName("counters")).items().stream()
                    .mapToInt(item -> Integer.parseInt(item.get("n").n())).sum();
            assertThat(total).isEqualTo(writes);
        }
    }

    @Test
    void oneDataDirectoryServesOneEngineAtATime() {
        try (DynamoEngine first = DynamoEngine.start(EngineOptions.defaults().withDataDir(dir))) {
            assertThatThrownBy(() -> DynamoEngine.start(EngineOptions.defaults().withDataDir(dir)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("is in use by another engine");
        }
        DynamoEngine.start(EngineOptions.defaults().withDataDir(dir)).close(); // free again once the first closed
    }

    static DynamoDbClient client(DynamoEngine engine) {
        return DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
    }
}
