package io.voicegate.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLoggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();

    private JsonLoggerFactory factory(String lambdaLevel) {
        return new JsonLoggerFactory(LogLevels.fromEnvironment(Map.of(LogLevels.LAMBDA_LOG_LEVEL, lambdaLevel)),
                mdc, () -> out);
    }

    private List<JsonNode> lines() throws Exception {
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split("\n")).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not one JSON object: " + line, e);
            }
        }).toList();
    }

    @Test
    void writesOneJsonObjectPerLineWithLevelLoggerMessageAndTimestamp() throws Exception {
        Logger log = factory("INFO").getLogger("io.voicegate.app.SettleRequest");

        log.info("request {} {}: balance change {} micros", "r-1", "settle", 63000);

        JsonNode line = lines().get(0);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("io.voicegate.app.SettleRequest");
        assertThat(line.get("message").asText()).isEqualTo("request r-1 settle: balance change 63000 micros");
        assertThat(Instant.parse(line.get("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void carriesEveryMdcFieldOfTheThread() throws Exception {
        Logger log = factory("INFO").getLogger("x");
        mdc.put("request_id", "01900000-0000-7000-8000-00000000c0de");
        mdc.put("account_id", "acme");

        log.warn("something");
        mdc.clear();
        log.warn("after");

        List<JsonNode> lines = lines();
        assertThat(lines.get(0).get("request_id").asText()).isEqualTo("01900000-0000-7000-8000-00000000c0de");
        assertThat(lines.get(0).get("account_id").asText()).isEqualTo("acme");
        assertThat(lines.get(1).has("request_id")).isFalse();
    }

    @Test
    void writesTheExceptionWithItsStackTraceAsOneEscapedField() throws Exception {
        Logger log = factory("INFO").getLogger("x");

        log.error("failed on {}", "GET /x", new IllegalStateException("boom \"quoted\"\nsecond line"));

        JsonNode line = lines().get(0);
        assertThat(line.get("message").asText()).isEqualTo("failed on GET /x");
        assertThat(line.get("exception").asText())
                .startsWith("java.lang.IllegalStateException: boom \"quoted\"\nsecond line")
                .contains("\tat io.voicegate.logging.JsonLoggerTest");
    }

    @Test
    void escapesControlCharactersSoALineStaysOneLine() throws Exception {
        Logger log = factory("INFO").getLogger("x");

        log.info("a\u0001b\\c\td");

        assertThat(bytes.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n");
        assertThat(lines().get(0).get("message").asText()).isEqualTo("a\u0001b\\c\td");
    }

    @Test
    void honoursTheLambdaApplicationLogLevel() throws Exception {
        Logger log = factory("WARN").getLogger("io.voicegate.app.X");

        log.info("dropped");
        log.debug("dropped");
        log.warn("kept");

        assertThat(lines()).extracting(l -> l.get("message").asText()).containsExactly("kept");
        assertThat(log.isInfoEnabled()).isFalse();
    }

    @Test
    void keepsTheSdkAtWarnEvenWhenTheFunctionLogsDebug() {
        JsonLoggerFactory debug = factory("DEBUG");

        assertThat(debug.getLogger("io.voicegate.adapter.kling.KlingExchange").isDebugEnabled()).isTrue();
        assertThat(debug.getLogger("software.amazon.awssdk.request").isInfoEnabled()).isFalse();
        assertThat(debug.getLogger("software.amazon.awssdk.request").isWarnEnabled()).isTrue();
        assertThat(debug.getLogger("software.amazon.cloudwatchlogs.emf.environment.LocalEnvironment").isInfoEnabled())
                .as("the EMF library's environment guesses on every flush").isFalse();
    }

    @Test
    void readsFatalAsErrorAndAnythingUnknownAsInfo() {
        assertThat(LogLevels.fromEnvironment(Map.of(LogLevels.LAMBDA_LOG_LEVEL, "FATAL")).application().name())
                .isEqualTo("ERROR");
        assertThat(LogLevels.fromEnvironment(Map.of(LogLevels.LAMBDA_LOG_LEVEL, "verbose")).application().name())
                .isEqualTo("INFO");
        assertThat(LogLevels.fromEnvironment(Map.of()).application().name()).isEqualTo("INFO");
    }
}
