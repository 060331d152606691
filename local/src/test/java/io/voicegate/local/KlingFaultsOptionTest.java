package io.voicegate.local;

import io.voicegate.local.kling.FaultRates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --kling-faults} and {@code --print-metrics} as a user types them. */
class KlingFaultsOptionTest {

    private static LocalOptions parse(String... args) {
        LocalOptions options = new LocalOptions();
        CommandLine cli = options.commandLine();
        cli.parseArgs(args);
        options.template = LocalStackExtension.root().resolve("template.yaml");
        options.validate(cli);
        return options;
    }

    @Test
    void theDocumentedExampleSetsEachRateAndTheSeed() {
        KlingFaults faults = parse("--kling-faults", "fail=0.2,lose-callback=0.1,1303=0.05,seed=7").klingFaults;

        assertThat(faults.rates()).isEqualTo(FaultRates.none().withSlowResponses(0, Duration.ofSeconds(2))
                .withFailedTasks(0.2).withDroppedCallbacks(0.1).withRateLimits(0.05));
        assertThat(faults.seed()).hasValue(7);
    }

    @Test
    void everyNameKlingsCodesAndPercentagesAreAccepted() {
        KlingFaults faults = KlingFaults.parse("server-error=0.1, rate-limit = 10% ,lost-create=.3,slow=1,"
                + "slow-delay=500ms,duplicate-callback=0,reorder-callback=1.0,FAIL=100%");

        FaultRates rates = faults.rates();
        assertThat(rates.serverErrors()).isEqualTo(0.1);
        assertThat(rates.rateLimits()).isEqualTo(0.1);
        assertThat(rates.lostCreates()).isEqualTo(0.3);
        assertThat(rates.slowResponses()).isEqualTo(1);
        assertThat(rates.slowDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(rates.duplicateCallbacks()).isZero();
        assertThat(rates.reorderedCallbacks()).isEqualTo(1);
        assertThat(rates.failedTasks()).isEqualTo(1);
        assertThat(faults.seed()).isEmpty();
        assertThat(KlingFaults.parse("5000=0.5").rates().serverErrors()).isEqualTo(0.5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "fail                  | wants NAME=RATE pairs separated by commas",
        "fail=0.2,             | wants NAME=RATE pairs separated by commas",
        "boom=0.1              | unknown fault 'boom'; known: fail, server-error, rate-limit",
        "1302=0.1              | unknown fault '1302'",
        "fail=2                | fail wants a rate from 0 to 1 (or 0% to 100%), got '2'",
        "fail=-0.1             | fail wants a rate from 0 to 1",
        "fail=150%             | fail wants a rate from 0 to 1",
        "fail=0.1,fail=0.2     | fail is given twice",
        "5000=0.1,server-error=0.2 | server-error is given twice",
        "seed=abc              | seed wants a whole number, got 'abc'",
        "slow-delay=2m         | slow-delay wants a duration such as 500ms or 2s, got '2m'"})
    void aBadValueIsOneSentenceNamingWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> parse("--kling-faults", text))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(message);
    }

    @Test
    void faultsNeedTheBuiltInSimulator() {
        assertThatThrownBy(() -> parse("--kling-faults", "fail=0.1", "--kling-base-url", "https://kling.example.com",
                "--kling-api-key", "k"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--kling-faults needs the built-in Kling simulator, not --kling-base-url");
    }

    @Test
    void metricsArePrintedOnlyWhenAskedFor() {
        assertThat(parse().printMetrics).isFalse();
        assertThat(parse("--print-metrics").printMetrics).isTrue();
    }

    @Test
    void theHelpListsEveryFaultAndEveryMagicInput() {
        String help = new LocalOptions().commandLine().getUsageMessage();

        KlingFaults.NAMES.keySet().forEach(name -> assertThat(help).contains("  " + name + " "));
        for (io.voicegate.local.kling.MagicInput magic : io.voicegate.local.kling.MagicInput.values()) {
            assertThat(help).contains(magic.marker());
        }
        assertThat(help).contains("--kling-faults", "--print-metrics", "seed=N");
    }
}
