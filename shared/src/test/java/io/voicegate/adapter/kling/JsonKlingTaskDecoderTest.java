package io.voicegate.adapter.kling;

import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kling's units are read once, here, as a decimal; a task whose units cannot be used still decodes, with none, so its
 * status and voices are recorded as Kling reported them (and the settlement lets the hold stand).
 */
class JsonKlingTaskDecoderTest {

    @ParameterizedTest(name = "final_unit_deduction {0}")
    @CsvSource(delimiter = '|', value = {"\"abc\"|", "\"-1\"|", "\"1e999999999\"|", "0.05|0.05",
            "{\"a\":1}|", "[1]|", "\"0.05\"|0.05", "\"100.5\"|100.5", "\" 0.05\"|", "null|", "\"\"|"})
    void unitsAreADecimalOrNone(String units, String expected) {
        String body = "{\"task_id\":\"t-1\",\"task_status\":\"succeed\",\"created_at\":1,"
                + "\"task_result\":{\"voices\":[{\"voice_id\":\"v-1\",\"voice_name\":\"ada\",\"trial_url\":\"u\"}]},"
                + "\"final_unit_deduction\":" + units + "}";

        KlingTask task = JsonKlingTaskDecoder.decode(body).orElseThrow();

        assertThat(task.status()).isEqualTo(KlingTaskStatus.SUCCEED);
        assertThat(task.voices()).hasSize(1);
        assertThat(task.finalUnitDeduction()).isEqualTo(Optional.ofNullable(expected).map(BigDecimal::new));
    }
}
