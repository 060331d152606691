package io.voicegate.config;

import io.voicegate.adapter.ssm.SsmParameters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
    private DynamoDbClient dynamo;
    private SqsClient sqs;

    public AwsClients(Config config) {
        this(config, List.of());
    }

    /** @param interceptors added to every client, in order (SDK v2 {@code ClientOverrideConfiguration}) */
    public AwsClients(Config config, List<ExecutionInterceptor> interceptors) {
        this(config, interceptors, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build(), config.staticCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(c[2] == null
                        ? AwsBasicCredentials.create(c[0], c[1]) : AwsSessionCredentials.create(c[0], c[1], c[2])))
                .orElseGet(DefaultCredentialsProvider::create));
    }

    private AwsClients(Config config, List<ExecutionInterceptor> interceptors, SdkHttpClient http,
                       AwsCredentialsProvider credentials) {
        this.config = config;
        this.interceptors = List.copyOf(interceptors);
        this.http = http;
        this.credentials = credentials;
    }

    /**
     * Clients over {@code http} that sign with fixed credentials no account has, for SnapStart's priming
     * ({@link CallPriming}): they share nothing with the function's own clients, so closing them closes nothing of
     * theirs.
     */
    static AwsClients priming(Config config, SdkHttpClient http) {
        return new AwsClients(config, List.of(), http,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")));
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

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder().executionInterceptors(interceptors).build();
    }
}
