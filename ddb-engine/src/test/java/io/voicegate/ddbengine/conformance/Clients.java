package io.voicegate.ddbengine.conformance;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** SDK v2 clients for an engine endpoint: us-east-1, static dummy credentials, the URLConnection HTTP client. */
final class Clients {

    static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCONFORMANCE", "conformance-secret"));

    private Clients() {
    }

    static DynamoDbClient dynamo(URI endpoint) {
        return dynamo(endpoint, null, List.of());
    }

    /** A DynamoDB client with an optional retry strategy and interceptors (for the fault tests). */
    static DynamoDbClient dynamo(URI endpoint, RetryStrategy retryStrategy, List<ExecutionInterceptor> interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(60));
        if (retryStrategy != null) {
            override.retryStrategy(retryStrategy);
        }
        interceptors.forEach(override::addExecutionInterceptor);
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY)
                .endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(override.build())
                .build();
    }

    static DynamoDbStreamsClient streams(URI endpoint) {
        return DynamoDbStreamsClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY)
                .endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
