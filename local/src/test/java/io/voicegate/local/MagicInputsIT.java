package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "watch the refund path" session on a stack of its own: a request whose clip or video id carries a
 * magic input ends {@code failed} with the matching {@code error_code}, is refunded in full, and the functions'
 * handlers publish the business metrics their use cases reported (recorded here as each function flushes them).
 */
class MagicInputsIT {

    private static final List<String> PUBLISHED = new CopyOnWriteArrayList<>();
    private static LocalStack stack;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.builder(LocalStackExtension.root().resolve("template.yaml"))
                .scheduleInterval(Duration.ofDays(1)).build(), MagicInputsIT::published);
        stack.openAccount("magic", "vg_magic_key_0123456789", Money.ofUsd("5"), List.of());
        api = new ApiClient(stack.baseUrl(), "vg_magic_key_0123456789");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aMagicInputEndsFailedAndRefundedWithItsErrorCode() {
        String failure = submitted("\"voice_url\":\"https://cdn.example.com/ada-simulate-failure.mp3\"", "ada");
        String rejection = submitted("\"video_id\":\"simulate-rejection\"", "bea");

        JsonNode failed = refunded(failure);
        JsonNode rejected = refunded(rejection);

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/outcome/error_code").asText()).isEqualTo("upstream_failed");
        assertThat(failed.at("/billing/refunded_micros").asLong()).isEqualTo(70_000);
        assertThat(failed.at("/billing/charged_micros").asLong()).isZero();
        assertThat(rejected.get("status").asText()).isEqualTo("failed");
        assertThat(rejected.at("/outcome/error_code").asText()).isEqualTo("upstream_rejected");
        assertThat(api.balanceConsistentWithLedger(5_000_000)).isEqualTo(5_000_000);
        assertThat(api.ledgerEntries("refund")).isEqualTo(2);
        assertThat(PUBLISHED).filteredOn(e -> e.startsWith("ApiFunction ")).containsExactly(
                "ApiFunction requestSubmitted", "ApiFunction requestSubmitted");
        assertThat(PUBLISHED).filteredOn(e -> e.startsWith("ReconcileFunction ")).containsExactlyInAnyOrder(
                "ReconcileFunction settled 0 70000", "ReconcileFunction requestFailed upstream_failed",
                "ReconcileFunction settled 0 70000", "ReconcileFunction requestFailed upstream_rejected");
    }

    private static String submitted(String source, String voiceName) {
        ApiClient.Reply reply = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\""
                + voiceName + "\"," + source + "}}");
        assertThat(reply.status()).isEqualTo(202);
        return reply.json().get("request_id").asText();
    }

    private static JsonNode refunded(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/requests/" + id).json(),
                r -> r.at("/billing/state").asText().equals("refunded"));
    }

    /**
     * A function's metrics: each event is kept as {@code "Function event args"} once the function's handler flushes
     * it, so only what a handler publishes is seen.
     */
    private static Metrics published(String function) {
        List<String> pending = new ArrayList<>();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals") ? proxy == args[0]
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : function;
            }
            synchronized (pending) {
                if (method.getName().equals("flush")) {
                    PUBLISHED.addAll(pending);
                    pending.clear();
                } else {
                    pending.add(function + " " + method.getName() + (args == null ? "" : " " + Arrays.stream(args)
                            .map(MagicInputsIT::text).collect(Collectors.joining(" "))));
                }
            }
            return null;
        };
        return (Metrics) Proxy.newProxyInstance(Metrics.class.getClassLoader(), new Class<?>[] {Metrics.class},
                handler);
    }

    private static String text(Object argument) {
        return argument instanceof Money money ? Long.toString(money.micros())
                : argument instanceof Enum<?> value ? value.name().toLowerCase(Locale.ROOT) : String.valueOf(argument);
    }
}
