package io.voicegate.local;

import io.voicegate.config.Config;
import io.voicegate.config.Wiring;
import io.voicegate.lambda.SnapStartHandler;
import io.voicegate.local.bench.AwsCallCounter;
import io.voicegate.local.template.SamTemplate;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function's SnapStart hooks, run against the local engines as Lambda runs them around a snapshot: priming
 * reads (its GetItem reaches DynamoDB through the production adapter) and writes nothing; a restore completes. The
 * calls are counted on the primed functions' own SDK clients, so what the shared stack does meanwhile (other tests'
 * requests finishing, the sweeper) cannot blur the count.
 */
@ExtendWith(LocalStackExtension.class)
class SnapStartHooksIT {

    private static final List<String> WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
            "BatchWriteItem", "SendMessage", "SendMessageBatch", "DeleteMessage", "ChangeMessageVisibility");

    private final LocalStack stack = LocalStackExtension.stack();

    @Test
    void everyHandlerPrimesWithReadsOnlyAndRestores() throws Exception {
        List<SamTemplate.Function> functions = SamTemplate.load(LocalStackExtension.root().resolve("template.yaml"))
                .functions();
        AwsCallCounter counter = new AwsCallCounter();

        for (SamTemplate.Function function : functions) {
            Wiring wiring = new Wiring(Config.fromEnv(stack.function(function.logicalId()).environment()),
                    Clock.systemUTC(), Metrics.NONE, List.of(counter.interceptorFor(function.logicalId())));
            Class<?> type = Class.forName(function.handler().split("::", 2)[0]);
            SnapStartHandler handler = (SnapStartHandler) type.getConstructor(Wiring.class).newInstance(wiring);
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }

        List<AwsCallCounter.Call> calls = counter.calls();
        assertThat(calls.stream().filter(call -> call.operation().equals("GetItem")).count())
                .as("a GetItem for each function, in " + calls).isGreaterThanOrEqualTo(functions.size());
        assertThat(calls).as("writes while priming").noneMatch(call -> WRITES.contains(call.operation()));
    }
}
