package io.voicegate.local.bench;

import io.voicegate.config.Wiring;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./voicegate bench cold} makes of its runs: a priming step that failed is found in the JSON log line the
 * function writes (so its row is flagged and the bench fails), and the ratio the goal is about depends on the mode.
 */
class ColdStartBenchmarkTest {

    @Test
    void aFailedPrimingStepIsFoundInTheFunctionsJsonLog() {
        String output = "{\"level\":\"INFO\",\"message\":\"started\"}\n"
                + "{\"level\":\"WARN\",\"logger\":\"io.voicegate.config.Wiring\",\"message\":\""
                + Wiring.PRIMING_INCOMPLETE + " (the calls): java.lang.IllegalStateException: PutItem\"}\n";

        assertThat(ColdStartBenchmark.primingIncomplete(output)).hasValueSatisfying(line -> assertThat(line)
                .contains("the calls").startsWith("{\"level\":\"WARN\""));
        assertThat(ColdStartBenchmark.primingIncomplete("{\"level\":\"INFO\",\"message\":\"started\"}\n"))
                .isEmpty();
    }

    @Test
    void theRatioIsTheFirstEventAsRestoredAndInitPlusFirstEventWithoutASnapshot() {
        ColdStartBenchmark.Medians function = ColdStartBenchmark.Medians.of(List.of(
                new ColdStartLauncher.Run(300_000_000, 400_000_000, 260_000_000, "", "", 0)));
        ColdStartBenchmark.Medians bare = ColdStartBenchmark.Medians.of(List.of(
                new ColdStartLauncher.Run(280_000_000, 20_000_000, 200_000_000, "", "", 0)));
        ColdStartBenchmark.Result result = new ColdStartBenchmark.Result(function, bare, "", Optional.empty());

        assertThat(result.ratio(true)).isEqualTo(1.3);
        assertThat(result.ratio(false)).isEqualTo(560.0 / 480.0);
        assertThat(function.priming()).isEqualTo(400);
    }
}
