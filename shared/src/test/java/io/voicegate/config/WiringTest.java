package io.voicegate.config;

import io.voicegate.port.AccountStore;
import io.voicegate.port.KlingClient;
import io.voicegate.port.RequestStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The composition root builds each adapter once per execution environment: every use case a function builds shares
 * one request store, one account store, one Kling client (so one JDK HTTP client and one cached token), however many
 * use cases need them. Nothing here connects anywhere: building clients and adapters makes no call.
 */
class WiringTest {

    private final Wiring wiring = new Wiring(Config.fromEnv(Map.ofEntries(
            entry(Config.AWS_REGION, "eu-west-1"),
            entry(Config.AWS_ENDPOINT_URL, "http://127.0.0.1:9"),
            entry("AWS_ACCESS_KEY_ID", "test"), entry("AWS_SECRET_ACCESS_KEY", "test"),
            entry(Config.REQUESTS_TABLE, "requests"), entry(Config.ACCOUNTS_TABLE, "accounts"),
            entry(Config.DISPATCH_QUEUE_URL, "http://127.0.0.1:9/000000000000/dispatch"),
            entry(Config.DELIVERY_QUEUE_URL, "http://127.0.0.1:9/000000000000/delivery"),
            entry(Config.DELIVERY_DLQ_URL, "http://127.0.0.1:9/000000000000/delivery-dlq"),
            entry(Config.INTAKE_DLQ_URL, "http://127.0.0.1:9/000000000000/intake-dlq"),
            entry(Config.KLING_ACCESS_KEY, "ak"), entry(Config.KLING_SECRET_KEY, "sk-for-the-wiring-test"),
            entry(Config.CALLBACK_SECRET, "callback-secret-for-the-wiring-test"),
            entry(Config.PUBLIC_BASE_URL, "https://gw.example.com"))), Clock.systemUTC());

    @Test
    void eachAdapterIsBuiltOnce() {
        assertThat(wiring.requestStore()).isSameAs(wiring.requestStore());
        assertThat(wiring.accountStore()).isSameAs(wiring.accountStore());
        assertThat(wiring.klingClient()).isSameAs(wiring.klingClient());
        assertThat(wiring.ledger()).isSameAs(wiring.ledger());
        assertThat(wiring.apiKeys()).isSameAs(wiring.apiKeys());
        assertThat(wiring.accountDirectory()).isSameAs(wiring.accountDirectory());
        assertThat(wiring.callbackTokens()).isSameAs(wiring.callbackTokens());
    }

    /** The API function builds the public API (ten use cases) once; all of them share the adapters. */
    @Test
    void theUseCasesOfTheApiFunctionShareOneOfEachAdapter() {
        List<Object> roots = List.of(wiring.publicApi(), wiring.acceptIntakeMessage());

        // the store itself, and once the same store behind the slot-releasing view of the use cases that end requests
        assertThat(reachable(roots, RequestStore.class)).containsExactlyInAnyOrder(wiring.requestStore(),
                wiring.endingRequests());
        assertThat(reachable(roots, AccountStore.class)).containsExactly(wiring.accountStore());
        assertThat(reachable(roots, KlingClient.class)).containsExactly(wiring.klingClient());
    }

    /** The background functions too: dispatch, callback, settlement, sweeper, delivery, built in one environment. */
    @Test
    void theBackgroundUseCasesShareOneOfEachAdapter() {
        List<Object> roots = List.of(wiring.dispatchBatch(), wiring.klingCallbackApi(), wiring.settleRequest(),
                wiring.sweepOpenRequests(), wiring.deliveryBatch());

        // the store itself, and once the same store behind the slot-releasing view of the use cases that end requests
        assertThat(reachable(roots, RequestStore.class)).containsExactlyInAnyOrder(wiring.requestStore(),
                wiring.endingRequests());
        assertThat(reachable(roots, KlingClient.class)).containsExactly(wiring.klingClient());
    }

    /**
     * The distinct instances of {@code type} reachable from {@code roots} through the fields of voicegate's own
     * objects (lambdas the wiring builds included), by identity.
     */
    private static <T> Set<Object> reachable(List<Object> roots, Class<T> type) {
        Set<Object> found = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> queue = new ArrayList<>(roots);
        while (!queue.isEmpty()) {
            Object next = queue.remove(queue.size() - 1);
            if (next == null || !seen.add(next)) {
                continue;
            }
            if (type.isInstance(next)) {
                found.add(next);
            }
            if (!next.getClass().getName().startsWith("io.voicegate.")) {
                continue;
            }
            for (Class<?> c = next.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        queue.add(field.get(next));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // a field the JDK keeps closed is not one of ours
                    }
                }
            }
        }
        return found;
    }
}
