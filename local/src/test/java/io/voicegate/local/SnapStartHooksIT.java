package io.voicegate.local;

import io.voicegate.config.Wiring;
import io.voicegate.ddbengine.EngineStatistics;
import io.voicegate.lambda.SnapStartHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every function's SnapStart hooks, run against the local engines as Lambda runs them around a snapshot: priming
 * reads (its GetItem reaches DynamoDB through the production adapter) and writes nothing; a restore completes.
 */
@ExtendWith(LocalStackExtension.class)
class SnapStartHooksIT {

    private static final List<String> WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
            "BatchWriteItem");

    private final LocalStack stack = LocalStackExtension.stack();

    @Test
    void everyHandlerPrimesWithReadsOnlyAndRestores() throws Exception {
        List<SamTemplate.Function> functions = SamTemplate.load(LocalStackExtension.root().resolve("template.yaml"))
                .functions();
        EngineStatistics statistics = stack.dynamoEngine().statistics();
        EngineStatistics.Snapshot before = quiet(statistics);

        for (SamTemplate.Function function : functions) {
            Class<?> type = Class.forName(function.handler().split("::", 2)[0]);
            SnapStartHandler handler = (SnapStartHandler) type.getConstructor(Wiring.class)
                    .newInstance(stack.function(function.logicalId()).wiring());
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }

        EngineStatistics.Snapshot primed = quiet(statistics).minus(before);
        assertThat(primed.calls().getOrDefault("GetItem", 0L)).isGreaterThanOrEqualTo(functions.size());
        WRITES.forEach(write -> assertThat(primed.calls().getOrDefault(write, 0L)).as(write).isZero());
    }

    /** The statistics once no call has reached the engine for two seconds (the stack's pollers at rest). */
    private static EngineStatistics.Snapshot quiet(EngineStatistics statistics) {
        AtomicReference<EngineStatistics.Snapshot> last = new AtomicReference<>(statistics.snapshot());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).during(Duration.ofSeconds(2))
                .until(() -> {
                    EngineStatistics.Snapshot now = writesOnly(statistics.snapshot());
                    boolean unchanged = now.equals(last.get());
                    last.set(now);
                    return unchanged;
                });
        return statistics.snapshot();
    }

    private static EngineStatistics.Snapshot writesOnly(EngineStatistics.Snapshot snapshot) {
        var calls = new java.util.TreeMap<>(snapshot.calls());
        calls.keySet().retainAll(WRITES);
        return new EngineStatistics.Snapshot(calls, 0, 0);
    }
}
