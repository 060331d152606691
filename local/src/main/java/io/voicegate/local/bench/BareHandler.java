package io.voicegate.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.util.Map;

/**
 * The floor of a Java function that talks to DynamoDB, which {@code ./voicegate bench cold} compares each handler
 * with: its constructor builds one DynamoDB client (explicit region, environment credentials, the url-connection HTTP
 * client) and each event is one {@code GetItem} of an absent key in the requests table. Under SnapStart it primes
 * the way the functions do, with its own work: its {@code beforeCheckpoint} makes that {@code GetItem} once, so a
 * restored bare handler is the floor a restored function is compared with ({@code --snapstart}). Shaded alone with
 * its SDK and {@code org.crac} into {@code local/target/bare-handler.jar}; never deployed.
 */
public final class BareHandler implements RequestHandler<Map<String, Object>, String>, Resource {

    private final DynamoDbClient dynamo;
    private final String table = System.getenv("REQUESTS_TABLE");

    public BareHandler() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        dynamo = builder.build();
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        handleRequest(Map.of(), null);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        var item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("request_id", AttributeValue.fromS("bare-handler-absent-key"))));
        return item.hasItem() ? "found" : "absent";
    }
}
