package io.voicegate.config;

import io.voicegate.adapter.ssm.SsmParameters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.List;

/**
 * The AWS SDK clients, each built once per execution environment with an explicit region, the light
 * url-connection HTTP client and, for local engines, an endpoint override. Deployed functions attach no interceptor;
 * the local stack may attach some (e.g. to count each function's AWS calls), which see every call and change none.
 */
public final class AwsClients {

    private final Config config;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final boolean retries;
    private DynamoDbClient dynamo;
    private SqsClient sqs;

    public AwsClients(Config config) {
        this(config, List.of());
    }

    /** @param interceptors added to every client, in order (SDK v2 {@code ClientOverrideConfiguration}) */
    public AwsClients(Config config, List<ExecutionInterceptor> interceptors) {
        this(config, interceptors, true);
    }

    private AwsClients(Config config, List<ExecutionInterceptor> interceptors, boolean retries) {
        this.config = config;
        this.interceptors = List.copyOf(interceptors);
        this.retries = retries;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
        this.credentials = config.staticCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(c[2] == null
                        ? AwsBasicCredentials.create(c[0], c[1]) : AwsSessionCredentials.create(c[0], c[1], c[2])))
                .orElseGet(DefaultCredentialsProvider::create);
    }

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            var builder = DynamoDbClient.builder().httpClient(http).credentialsProvider(credentials)
                    .region(Region.of(config.region())).overrideConfiguration(overrides());
            config.awsEndpoint("DYNAMODB").ifPresent(builder::endpointOverride);
            dynamo = builder.build();
        }
        return dynamo;
    }

    /** SSM Parameter Store's GetParameters, for the secrets (made on first use: only functions with secrets call it). */
    public SsmParameters ssmParameters() {
        return new SsmParameters(http, credentials, config.region(), config.awsEndpoint("SSM"));
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            var builder = SqsClient.builder().httpClient(http).credentialsProvider(credentials)
                    .region(Region.of(config.region())).overrideConfiguration(overrides());
            config.awsEndpoint("SQS").ifPresent(builder::endpointOverride);
            sqs = builder.build();
        }
        return sqs;
    }

    /**
     * Clients for SnapStart's priming of writes ({@link WritePriming}): every call is built, marshalled and signed as a
     * real one, then stopped before it is sent ({@link WritePriming.NotSent}), and never retried.
     */
    static AwsClients unsent(Config config) {
        return new AwsClients(config, List.of(new WritePriming.NotSent()), false);
    }

    private ClientOverrideConfiguration overrides() {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .executionInterceptors(interceptors);
        if (!retries) {
            overrides.retryStrategy(AwsRetryStrategy.doNotRetry());
        }
        return overrides.build();
    }
}
