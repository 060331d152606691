package io.voicegate.local.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --amount}: decimal USD to whole µUSD exactly, and each refusal with its own reason. */
class UsdConverterTest {

    private final UsdConverter converter = new UsdConverter();

    @ParameterizedTest(name = "{0} is {1} µUSD")
    @CsvSource({"25.00, 25000000", "0.007, 7000", "0.000001, 1", "' 3 ', 3000000", "0, 0"})
    void aPlainDecimalIsWholeMicroDollars(String text, long micros) {
        assertThat(converter.convert(text)).isEqualTo(micros);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {"0.0000001|at most 6 decimals", "99999999999999999999|is too large",
            "1e3|a decimal USD amount", "-5|a decimal USD amount", "1,000|a decimal USD amount"})
    void anythingElseIsRefusedWithItsReason(String text, String reason) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining(reason);
    }
}
