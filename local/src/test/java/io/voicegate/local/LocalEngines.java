package io.voicegate.local;

import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Optional;

/**
 * The local engines alone, without the template's functions: voicegate's DynamoDB engine with the template's tables
 * (created by the same code as the local stack's), and ElasticMQ when asked for. For the tests of one adapter on its
 * engine (the ports' contracts), which need no function, route or event source. Registered as a static extension,
 * it starts before the test class and stops after it, so each class has engines of its own.
 */
public final class LocalEngines implements BeforeAllCallback, AfterAllCallback {

    private final boolean withSqs;
    private DynamoEngine dynamoEngine;
    private DynamoDbClient dynamo;
    private Optional<LocalSqs> sqsEngine = Optional.empty();
    private SqsClient sqs;

    private LocalEngines(boolean withSqs) {
        this.withSqs = withSqs;
    }

    /** The DynamoDB engine with the template's tables, named by their logical ids. */
    public static LocalEngines dynamo() {
        return new LocalEngines(false);
    }

    /** ElasticMQ (no queues: each test creates its own) and the DynamoDB engine. */
    public static LocalEngines withSqs() {
        return new LocalEngines(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        Region region = Region.of(LocalSqs.REGION);
        dynamoEngine = DynamoEngine.start(EngineOptions.defaults());
        dynamo = DynamoDbClient.builder().endpointOverride(dynamoEngine.endpoint()).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        new LocalResources().createTables(SamTemplate.load(LocalStackExtension.root().resolve("template.yaml")),
                dynamo);
        if (withSqs) {
            sqsEngine = Optional.of(LocalSqs.start());
            sqs = SqsClient.builder().endpointOverride(sqsEngine.get().endpoint()).region(region)
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sqs != null) {
            sqs.close();
        }
        sqsEngine.ifPresent(LocalSqs::close);
        dynamo.close();
        dynamoEngine.close();
    }

    public DynamoEngine engine() {
        return dynamoEngine;
    }

    public DynamoDbClient dynamoClient() {
        return dynamo;
    }

    public SqsClient sqsClient() {
        if (sqs == null) {
            throw new IllegalStateException("started without SQS: use LocalEngines.withSqs()");
        }
        return sqs;
    }

    /** Where SQS clients reach ElasticMQ. */
    public java.net.URI sqsEndpoint() {
        return sqsEngine.orElseThrow(() -> new IllegalStateException("started without SQS")).endpoint();
    }

    /** The name of a template table on these engines (its logical id, as on the local stack). */
    public String table(String logicalId) {
        return logicalId;
    }
}
