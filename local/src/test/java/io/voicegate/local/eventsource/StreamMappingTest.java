package io.voicegate.local.eventsource;

import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.Intrinsics;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StreamMappingTest {

    private static final String STREAM_ARN =
            "arn:aws:dynamodb:local:000000000000:table/RequestsTable/stream/2026-03-01T00:00:00.000";
    private static final String QUEUE_ARN = "arn:aws:sqs:local:000000000000:ReconcileFailures";

    private final Intrinsics intrinsics = new Intrinsics(Map.of("BatchSizeParameter", "25"), Map.of(),
            Map.of("RequestsTable.StreamArn", STREAM_ARN, "ReconcileFailures.Arn", QUEUE_ARN), LocalSqs.REGION);

    private static Map<String, Object> minimal() {
        Map<String, Object> p = new HashMap<>();
        p.put("Stream", Map.of("Fn::GetAtt", "RequestsTable.StreamArn"));
        p.put("StartingPosition", "TRIM_HORIZON");
        return p;
    }

    private StreamMapping read(Map<String, Object> properties) {
        return StreamMapping.from(new SamTemplate.Event("Changes", "DynamoDB", properties), intrinsics::resolve);
    }

    @Test
    void takesLambdasDefaults() {
        StreamMapping mapping = read(minimal());

        assertThat(mapping).isEqualTo(new StreamMapping(STREAM_ARN, false, 100, List.of(), false, -1, false,
                Optional.empty(), true));
    }

    @Test
    void readsEveryEmulatedPropertyThroughTheTemplatesIntrinsics() {
        Map<String, Object> p = minimal();
        p.put("StartingPosition", "LATEST");
        p.put("BatchSize", Map.of("Ref", "BatchSizeParameter"));
        p.put("FilterCriteria", Map.of("Filters", List.of(Map.of("Pattern", "{\"eventName\":[\"MODIFY\"]}"),
                Map.of("Pattern", "{\"eventName\":[\"INSERT\"]}"))));
        p.put("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        p.put("MaximumRetryAttempts", 3);
        p.put("BisectBatchOnFunctionError", true);
        p.put("DestinationConfig", Map.of("OnFailure", Map.of("Type", "SQS",
                "Destination", Map.of("Fn::GetAtt", List.of("ReconcileFailures", "Arn")))));
        p.put("Enabled", "false");
        p.put("MaximumBatchingWindowInSeconds", 2);

        StreamMapping mapping = read(p);

        assertThat(mapping.fromLatest()).isTrue();
        assertThat(mapping.batchSize()).isEqualTo(25);
        assertThat(mapping.filters()).hasSize(2);
        assertThat(mapping.reportBatchItemFailures()).isTrue();
        assertThat(mapping.maximumRetryAttempts()).isEqualTo(3);
        assertThat(mapping.bisectOnError()).isTrue();
        assertThat(mapping.onFailure()).contains(QUEUE_ARN);
        assertThat(mapping.enabled()).isFalse();
        assertThat(mapping.batchingWindow()).isEqualTo(java.time.Duration.ofSeconds(2));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("StartingPosition", null),
                arguments("StartingPosition", "AT_TIMESTAMP"),
                arguments("Stream", null),
                arguments("BatchSize", 0),
                arguments("BatchSize", 10_001),
                arguments("MaximumRetryAttempts", -2),
                arguments("MaximumBatchingWindowInSeconds", 301),
                arguments("FilterCriteria", Map.of("Filters",
                        List.of(Map.of("Pattern", "{\"eventName\":\"INSERT\"}")))),
                arguments("DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        "arn:aws:sns:local:000000000000:alerts"))));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("refused")
    void refusesWhatLambdaRefuses(String property, Object value) {
        Map<String, Object> p = minimal();
        if (value == null) {
            p.remove(property);
        } else {
            p.put(property, value);
        }

        assertThatIllegalArgumentException().isThrownBy(() -> read(p));
    }
}
