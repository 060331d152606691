package io.voicegate.ddbengine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegate.ddbengine.DynamoEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the SDKs would never send, straight over the wire: every one is a 400 in DynamoDB's error shape, never a
 * 500, and the engine keeps serving (API reference, "Error handling with DynamoDB": client errors are 400s with
 * {@code __type} and {@code message}; members of the wrong JSON type are a {@code SerializationException}).
 */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireValidationConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private URI endpoint;
    private String table;
    private String streamArn;
    private String shardId;

    @BeforeAll
    void setUp(DynamoEngine engine, DynamoDbClient ddb, DynamoDbStreamsClient streams) {
        endpoint = engine.endpoint();
        table = uniqueName("wire");
        createTable(ddb, table, "pk", ScalarAttributeType.S, null, null,
                b -> b.streamSpecification(stream(StreamViewType.NEW_AND_OLD_IMAGES)));
        streamArn = ddb.describeTable(d -> d.tableName(table)).table().latestStreamArn();
        shardId = streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
        ddb.putItem(p -> p.tableName(table).item(item("pk", s("a"))));
        streams.getShardIterator(g -> g.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON));
    }

    private record Answer(int status, String type, String message) {
    }

    private Answer call(String target, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                .header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        String type = json.path("__type").asText("");
        return new Answer(response.statusCode(), type.substring(type.indexOf('#') + 1), json.path("message").asText());
    }

    private static String iterator(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"|4|abc", "|x|1", "|99999999999999999999|1", "|-5|1", "|999999999|1", "only-two|1"})
    @DisplayName("GetRecords with an iterator the engine never issued is a ValidationException, not a 500")
    void forgedShardIterator(String tail) throws Exception {
        String forged = tail.startsWith("|") ? iterator(streamArn + tail) : iterator(tail);
        Answer answer = call("DynamoDBStreams_20120810.GetRecords", "{\"ShardIterator\":\"" + forged + "\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("ValidationException");
        assertThat(call("DynamoDB_20120810.ListTables", "{}").status()).as("still serving").isEqualTo(200);
    }

    // Developer guide, "Service quotas: Nested attribute depth": "DynamoDB supports nested attributes up to 32 levels
    // deep."
    @Test
    @DisplayName("values nested deeper than 32 levels are refused: Nesting Levels have exceeded supported limits")
    void nestingDepth() throws Exception {
        Answer at32 = call("DynamoDB_20120810.PutItem", put(nested(32)));
        assertThat(at32.status()).as(at32.message()).isEqualTo(200);
        Answer at33 = call("DynamoDB_20120810.PutItem", put(nested(33)));
        assertThat(at33.status()).isEqualTo(400);
        assertThat(at33.message()).isEqualTo("Nesting Levels have exceeded supported limits");
    }

    private String put(String value) {
        return "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"deep\"},\"v\":" + value + "}}";
    }

    private static String nested(int levels) {
        String value = "{\"S\":\"x\"}";
        for (int i = 0; i < levels; i++) {
            value = i % 2 == 0 ? "{\"M\":{\"a\":" + value + "}}" : "{\"L\":[" + value + "]}";
        }
        return value;
    }

    // API reference "Scan": TotalSegments 1..1,000,000; Segment 0..999,999 and less than TotalSegments; each needs
    // the other.
    @ParameterizedTest
    @ValueSource(strings = {"\"Segment\":0,\"TotalSegments\":0", "\"Segment\":5,\"TotalSegments\":2",
            "\"Segment\":0,\"TotalSegments\":1000001", "\"Segment\":0", "\"TotalSegments\":2",
            "\"Segment\":-1,\"TotalSegments\":2"})
    @DisplayName("Scan segments out of their documented ranges are ValidationExceptions")
    void scanSegments(String segments) throws Exception {
        Answer answer = call("DynamoDB_20120810.Scan", "{\"TableName\":\"" + table + "\"," + segments + "}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("ValidationException");
    }

    // API reference: Limit of ListTables 1..100, of ListStreams 1..100, of GetRecords 1..1000, of Query/Scan >= 1.
    @ParameterizedTest
    @ValueSource(strings = {"DynamoDB_20120810.ListTables|{\"Limit\":0}",
            "DynamoDBStreams_20120810.ListStreams|{\"Limit\":0}", "DynamoDBStreams_20120810.ListStreams|{\"Limit\":-5}",
            "DynamoDB_20120810.Scan|{\"TableName\":\"T\",\"Limit\":0}"})
    @DisplayName("a Limit below its minimum says so")
    void limitsBelowMinimum(String case_) throws Exception {
        String[] parts = case_.split("\\|", 2);
        Answer answer = call(parts[0], parts[1].replace("\"T\"", "\"" + table + "\""));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.message()).contains("greater than or equal to 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Limit\":\"x\"", "\"ConsistentRead\":\"maybe\"", "\"TableName\":1"})
    @DisplayName("members of the wrong JSON type are a SerializationException")
    void wrongJsonTypes(String member) throws Exception {
        String body = member.startsWith("\"TableName\"") ? "{" + member + "}"
                : "{\"TableName\":\"" + table + "\"," + member + "}";
        Answer answer = call("DynamoDB_20120810.Scan", body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("SerializationException");
    }

    @Test
    @DisplayName("Select outside its enumeration is a ValidationException")
    void selectEnum() throws Exception {
        Answer answer = call("DynamoDB_20120810.Scan", "{\"TableName\":\"" + table + "\",\"Select\":\"BOGUS\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("ValidationException");
    }

    // API reference "TransactWriteItems": ClientRequestToken, length 1..36.
    @ParameterizedTest
    @ValueSource(ints = {0, 37})
    @DisplayName("a ClientRequestToken outside 1..36 characters is a ValidationException")
    void clientRequestTokenLength(int length) throws Exception {
        String body = "{\"ClientRequestToken\":\"" + "t".repeat(length) + "\",\"TransactItems\":[{\"Put\":"
                + "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"tok\"}}}}]}";
        Answer answer = call("DynamoDB_20120810.TransactWriteItems", body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("ValidationException");
    }

    @Test
    @DisplayName("a number with white space around it is not a number")
    void numberWithSpaces() throws Exception {
        Answer answer = call("DynamoDB_20120810.PutItem",
                "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"n\"},\"v\":{\"N\":\" 1\"}}}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("ValidationException");
    }
}
