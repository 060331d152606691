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
}
