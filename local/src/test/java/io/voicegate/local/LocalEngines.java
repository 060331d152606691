package io.voicegate.local;

import io.voicegate.ddbengine.DynamoEngine;
import io.voicegate.ddbengine.EngineOptions;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.LocalResources;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;

/**
 * The local engines alone, without the template's functions, routes or event sources: voicegate's DynamoDB engine
 * with the template's tables (created by the same code as the local stack's), and ElasticMQ when a test class asks
 * for it. For the tests of adapters on their engines (the ports' contracts) and of use cases that need real
 * conditions but no pipeline. Started once per test JVM and shared by the classes that register it (like
 * {@link LocalStackExtension}); tests isolate themselves by fresh ids and fresh queues, and one that injects faults
 * clears them after itself.
 */
public final class LocalEngines implements BeforeAllCallback {

    private static DynamoEngine dynamoEngine;
    private static DynamoDbClient dynamo;
    private static LocalSqs sqsEngine;
    private static SqsClient sqs;

    private final boolean withSqs;

    private LocalEngines(boolean withSqs) {
        this.withSqs = withSqs;
    }

    /** The DynamoDB engine with the template's tables, named by their logical ids. */
    public static LocalEngines dynamo() {
        return new LocalEngines(false);
    }

    /** The DynamoDB engine and ElasticMQ (no queues: each test creates its own). */
    public static LocalEngines withSqs() {
        return new LocalEngines(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LocalEngines.class) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            Region region = Region.of(LocalSqs.REGION);
            ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
            if (dynamoEngine == null) {
                dynamoEngine = DynamoEngine.start(EngineOptions.defaults());
                dynamo = DynamoDbClient.builder().endpointOverride(dynamoEngine.endpoint()).region(region)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                new LocalResources().createTables(SamTemplate.load(LocalStackExtension.root()
                        .resolve("template.yaml")), dynamo);
                store.put(LocalEngines.class.getName() + ".dynamo", (AutoCloseable) () -> {
                    dynamo.close();
                    dynamoEngine.close();
                });
            }
            if (withSqs && sqsEngine == null) {
                sqsEngine = LocalSqs.start();
                sqs = SqsClient.builder().endpointOverride(sqsEngine.endpoint()).region(region)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                store.put(LocalEngines.class.getName() + ".sqs", (AutoCloseable) () -> {
                    sqs.close();
                    sqsEngine.close();
                });
            }
        }
    }

    public DynamoEngine engine() {
        return dynamoEngine;
    }

    public DynamoDbClient dynamoClient() {
        return dynamo;
    }

    public SqsClient sqsClient() {
        if (!withSqs) {
            throw new IllegalStateException("registered without SQS: use LocalEngines.withSqs()");
        }
        return sqs;
    }

    /** Where SQS clients reach ElasticMQ. */
    public URI sqsEndpoint() {
        if (!withSqs) {
            throw new IllegalStateException("registered without SQS: use LocalEngines.withSqs()");
        }
        return sqsEngine.endpoint();
    }

    /** The name of a template table on these engines (its logical id, as on the local stack). */
    public String table(String logicalId) {
        return logicalId;
    }
}
