package io.voicegate.local;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./voicegate local}'s options as picocli reads them. */
class LocalOptionsTest {

    private static LocalOptions parse(String... args) {
        LocalOptions options = new LocalOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @ParameterizedTest(name = "--sweep-interval {0} is {1} s")
    @CsvSource({"5, 5", "2s, 2", "1m, 60", "90S, 90", "1h, 3600", "' 3s ', 3"})
    void theSweepIntervalTakesSecondsOrADurationWithAUnit(String text, long seconds) {
        assertThat(parse("--sweep-interval", text).sweepInterval).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "--sweep-interval ''{0}'' is refused")
    @ValueSource(strings = {"0", "0s", "-1", "2x", "1.5m", "m", "", "9999999999"})
    void aSweepIntervalThatIsNotAPositiveDurationIsRefusedInOneSentence(String text) {
        assertThatThrownBy(() -> parse("--sweep-interval", text))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("wants a positive duration such as 5, 2s, 1m or 1h");
    }

    @org.junit.jupiter.api.Test
    void theSimulatorsTaskTimeAndLimitAreItsSettingsAndDefaultToTodaysBehaviour() {
        LocalOptions given = parse("--kling-task-ms", "0", "--kling-limit", "25");
        LocalOptions defaults = parse();

        assertThat(given.simulator()).isEqualTo(new LocalStack.SimulatorSettings(Duration.ZERO, 25));
        assertThat(defaults.simulator()).isEqualTo(LocalStack.SimulatorSettings.DEFAULTS);
        assertThat(defaults.simulator().concurrencyLimit()).as("no limit").isZero();
    }

    /** Simulator settings out of range or with another Kling; one principal given to two accounts. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--kling-task-ms -1                                                 | --kling-task-ms must be 0-3600000",
        "--kling-limit 0                                                    | --kling-limit must be 1-10000",
        "--kling-limit 5 --kling-base-url https://k.example --kling-api-key k | set the built-in simulator",
        "--seed-account acme:vg_k1:5 --seed-account bob:vg_k2:5 --allow-principal acme:AROA1 --allow-principal bob:AROA1 | is given to acme and bob",
        "--seed-account acme:vg_k1:5 --allow-principal acme:AROA1:session | without its :session part",
        "--seed-account acme:vg_k1:5 --allow-principal acme:AIDA* | without spaces or '*'",
        "--seed-account acme:vg_k1:5 --allow-principal nosuch:AIDA1        | no --seed-account nosuch",
        "--allow-principal acme:AIDA1                                        | the account is demo"})
    void optionsThatDoNotGoTogetherAreRefused(String args, String message) {
        LocalOptions options = new LocalOptions();
        CommandLine cli = new CommandLine(options);
        cli.parseArgs(args.trim().split(" +"));

        assertThatThrownBy(() -> options.validate(cli)).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(message);
    }
}
