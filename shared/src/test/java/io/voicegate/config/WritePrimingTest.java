package io.voicegate.config;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SnapStart's priming of writes sends nothing: an HTTP server standing where DynamoDB and SQS would be hears no
 * request while every kind of write goes through the SDK, and a call that would be sent is reported, not hidden.
 */
class WritePrimingTest {

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
    void everyPrimingWriteIsStoppedBeforeItIsSent() {
        int calls = WritePriming.run(config());

        assertThat(calls).as("the priming writes made").isEqualTo(5);
        assertThat(heard).as("requests that reached the endpoint").hasValue(0);
    }

    @Test
    void theEndpointHearsAWriteThatIsNotStopped() {
        // the same kind of client, without the stop: the endpoint is reached, which is what the stop prevents
        AwsClients sending = new AwsClients(config());

        assertThatThrownBy(() -> sending.dynamo().putItem(p -> p.tableName("t")
                .item(Map.of("pk", AttributeValue.fromS("x")))))
                .isInstanceOf(RuntimeException.class);
        assertThat(heard.get()).as("requests that reached the endpoint").isPositive();
    }
}
