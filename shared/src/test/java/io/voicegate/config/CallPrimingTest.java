package io.voicegate.config;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SnapStart's priming of calls sends nothing: an HTTP server standing where DynamoDB and SQS would be hears no request
 * while every primed call goes through the SDK and ends as the service would answer it; and a call that does not end
 * so (here: clients that do reach the server) is reported, not taken for primed.
 */
class CallPrimingTest {

    private final AtomicInteger heard = new AtomicInteger();
    private final HttpServer endpoint = listening();

    private HttpServer listening() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                heard.incrementAndGet();
                exchange.sendResponseHeaders(400, -1); // a client error: the SDK does not retry it
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    private Config config() {
        return Config.fromEnv(Map.ofEntries(entry(Config.AWS_REGION, "eu-west-1"),
                entry(Config.AWS_ENDPOINT_URL, "http://127.0.0.1:" + endpoint.getAddress().getPort()),
                entry("AWS_ACCESS_KEY_ID", "test"), entry("AWS_SECRET_ACCESS_KEY", "test")));
    }

    @Test
    void everyOperationIsPrimedAndNothingReachesTheEndpoint() {
        assertThat(CallPriming.run(config())).as("the operations primed")
                .containsExactlyInAnyOrderElementsOf(CallPriming.OPERATIONS);
        assertThat(heard).as("requests that reached the endpoint").hasValue(0);
    }

    @Test
    void aCallThatDoesNotEndAsPrimedIsReported() {
        AwsClients sending = new AwsClients(config());
        DynamoDbClient dynamo = sending.dynamo();
        SqsClient sqs = sending.sqs();
        try {
            assertThatThrownBy(() -> CallPriming.run(dynamo, sqs)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not end as primed");
        } finally {
            dynamo.close();
            sqs.close();
        }
        assertThat(heard.get()).as("requests that reached the endpoint").isPositive();
    }
}
