package io.voicegate.adapter.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegate.domain.Money;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The real adapter, through Powertools and the EMF library, prints what CloudWatch extracts metrics from: per the
 * specification ("Specification: Embedded metric format", CloudWatch User Guide), one JSON object per line with an
 * {@code _aws} block naming the namespace, the dimension sets and each metric with its unit, and the values at the
 * top level.
 */
class EmfMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code invocation} with standard output captured; returns each non-empty line printed. */
    private static List<String> printed(Runnable invocation) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            invocation.run();
        } finally {
            System.setOut(original);
        }
        List<String> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static JsonNode directive(JsonNode document) {
        return document.get("_aws").get("CloudWatchMetrics").get(0);
    }

    /** SnapStart priming serializes a document but publishes none, and leaves nothing behind for the next flush. */
    @Test
    void primingPublishesNothing() {
        EmfMetrics metrics = EmfMetrics.onStandardOutput();

        List<String> lines = printed(() -> {
            metrics.prime();
            metrics.flush();
        });

        assertThat(lines).isEmpty();
        assertThat(printed(() -> {
            metrics.requestSubmitted();
            metrics.flush();
        })).as("the first document after priming").hasSize(1).allMatch(line -> line.contains("RequestsSubmitted"));
    }

    @Test
    void oneInvocationPrintsOneDocumentPerDimensionAndEveryMetricAlsoWithoutDimensions() throws Exception {
        Metrics metrics = EmfMetrics.onStandardOutput();

        List<String> lines = printed(() -> {
            metrics.requestSubmitted();
            metrics.settled(Money.ZERO, Money.ofMicros(70_000));
            metrics.requestFailed("upstream_failed");
            metrics.flush();
        });

        assertThat(lines).hasSize(2);
        JsonNode plain = JSON.readTree(lines.get(0));
        assertThat(plain.get("_aws").get("Timestamp").isIntegralNumber()).isTrue();
        assertThat(directive(plain).get("Namespace").asText()).isEqualTo("voicegate");
        assertThat(directive(plain).get("Dimensions").toString()).isEqualTo("[[]]");
        assertThat(directive(plain).get("Metrics").toString()).isEqualTo("[{\"Name\":\"RequestsSubmitted\","
                + "\"Unit\":\"Count\"},{\"Name\":\"ChargedMicros\",\"Unit\":\"None\"},"
                + "{\"Name\":\"RefundedMicros\",\"Unit\":\"None\"}]");
        assertThat(plain.get("RequestsSubmitted").asDouble()).isEqualTo(1);
        assertThat(plain.get("ChargedMicros").asDouble()).isZero();
        assertThat(plain.get("RefundedMicros").asDouble()).isEqualTo(70_000);
        JsonNode byCode = JSON.readTree(lines.get(1));
        assertThat(directive(byCode).get("Namespace").asText()).isEqualTo("voicegate");
        assertThat(directive(byCode).get("Dimensions").toString()).isEqualTo("[[],[\"ErrorCode\"]]");
        assertThat(directive(byCode).get("Metrics").toString())
                .isEqualTo("[{\"Name\":\"RequestsFailed\",\"Unit\":\"Count\"}]");
        assertThat(byCode.get("RequestsFailed").asDouble()).isEqualTo(1);
        assertThat(byCode.get("ErrorCode").asText()).isEqualTo("upstream_failed");
    }

    @Test
    void aFlushWithNothingRecordedPrintsNothingAndAFlushedEventIsNotPrintedTwice() {
        Metrics metrics = EmfMetrics.onStandardOutput();

        List<String> first = printed(() -> {
            metrics.unsettledRequestFound();
            metrics.flush();
        });
        List<String> second = printed(metrics::flush);

        assertThat(first).hasSize(1);
        assertThat(second).isEmpty();
    }

    @Test
    void aMetricThatCannotBePublishedNeverFailsTheInvocation() {
        Metrics metrics = new EmfMetrics(() -> {
            throw new IllegalStateException("no EMF environment");
        });
        metrics.balanceWentNegative();

        assertThatCode(metrics::flush).doesNotThrowAnyException();
    }
}
