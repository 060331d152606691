package io.voicegate.config;

import io.voicegate.adapter.dynamodb.DynamoAccountStore;
import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.adapter.sqs.SqsDeadLetters;
import io.voicegate.adapter.sqs.SqsDispatchQueue;
import io.voicegate.app.AcceptIntakeMessage;
import io.voicegate.app.Authenticate;
import io.voicegate.app.OpenAccount;
import io.voicegate.app.ReadRequests;
import io.voicegate.app.SubmitRequest;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.RequestIds;
import io.voicegate.domain.SubmissionRules;
import io.voicegate.http.PublicApi;
import io.voicegate.json.JsonBodyDecoder;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Builds use cases from {@link Config}: the production wiring, used unchanged by the local stack (only the endpoint
 * and names in the environment differ). No DI framework, so nothing reflective runs at cold start.
 */
public final class Wiring {

    private final Config config;
    private final AwsClients aws;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Wiring(Config config, Clock clock) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.clock = clock;
    }

    public static Wiring fromEnv() {
        return new Wiring(Config.fromEnv(System.getenv()), Clock.systemUTC());
    }

    public Config config() {
        return config;
    }

    public ModelCatalog catalog() {
        return ModelCatalog.standard(config.hold(), config.pricePerUnit());
    }

    public DynamoRequestStore requestStore() {
        return new DynamoRequestStore(aws.dynamo(), config.require(Config.REQUESTS_TABLE),
                config.require(Config.ACCOUNTS_TABLE));
    }

    public DynamoAccountStore accountStore() {
        return new DynamoAccountStore(aws.dynamo(), config.require(Config.ACCOUNTS_TABLE),
                config.idempotencyRetention(), clock);
    }

    public SubmitRequest submitRequest() {
        return new SubmitRequest(new JsonBodyDecoder(), new SubmissionRules(catalog(), config.allowInsecureWebhooks()),
                requestStore(), accountStore(), new SqsDispatchQueue(aws.sqs(), config.require(Config.DISPATCH_QUEUE_URL)),
                new RequestIds(clock, random), clock);
    }

    public PublicApi publicApi() {
        DynamoAccountStore accounts = accountStore();
        return new PublicApi(new Authenticate(accounts), submitRequest(), new ReadRequests(requestStore()), accounts,
                catalog());
    }

    public AcceptIntakeMessage acceptIntakeMessage() {
        DynamoAccountStore accounts = accountStore();
        return new AcceptIntakeMessage(submitRequest(), accounts, requestStore(), accounts,
                new SqsDeadLetters(aws.sqs(), config.require(Config.INTAKE_DLQ_URL)), new JsonBodyDecoder(), clock);
    }

    public OpenAccount openAccount() {
        return new OpenAccount(accountStore(), clock);
    }
}
