package io.voicegate.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EventFilterTest {

    /** The reconcile trigger's pattern: a request reached a final status. */
    private static final String SETTLED = """
            {"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"status":{"S":["success","failed"]}}}}""";
    /** A request that was not settled before this change. */
    private static final String NEWLY_SETTLED = """
            {"eventName":["MODIFY"],"dynamodb":{"NewImage":{"status":{"S":["success","failed"]}},
             "OldImage":{"status":{"S":[{"anything-but":["success","failed"]}]}}}}""";

    private static String change(String eventName, String oldStatus, String newStatus) {
        String oldImage = oldStatus == null ? "" : ",\"OldImage\":{\"status\":{\"S\":\"" + oldStatus + "\"}}";
        String newImage = newStatus == null ? "" : ",\"NewImage\":{\"status\":{\"S\":\"" + newStatus + "\"}}";
        return "{\"eventName\":\"" + eventName + "\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                + "\"Keys\":{\"request_id\":{\"S\":\"r1\"}},\"SequenceNumber\":\"100\"" + oldImage + newImage + "}}";
    }

    static Stream<Arguments> projectPatterns() {
        return Stream.of(
                arguments(SETTLED, change("INSERT", null, "success"), true),
                arguments(SETTLED, change("MODIFY", "processing", "failed"), true),
                arguments(SETTLED, change("MODIFY", "success", "success"), true),
                arguments(SETTLED, change("MODIFY", "queued", "processing"), false),
                arguments(SETTLED, change("REMOVE", "success", null), false),
                arguments(SETTLED, change("INSERT", null, "Success"), false),
                arguments(NEWLY_SETTLED, change("MODIFY", "processing", "success"), true),
                arguments(NEWLY_SETTLED, change("MODIFY", "success", "success"), false),
                arguments(NEWLY_SETTLED, change("MODIFY", "failed", "success"), false),
                arguments(NEWLY_SETTLED, change("INSERT", null, "success"), false));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("projectPatterns")
    void theProjectsPatternsSelectSettledRequests(String pattern, String record, boolean matches) {
        assertThat(EventFilter.parse(pattern).matches(json(record))).isEqualTo(matches);
    }

    static Stream<Arguments> rules() {
        String event = """
                {"name":"Ada Lovelace","file":"voice.MP3","count":5,"ratio":0.5,"flag":true,"none":null,
                 "tags":["blue","green"],"empty":"","nested":{"deep":{"value":"x"}},
                 "items":[{"kind":"a","size":1},{"kind":"b","size":2}]}""";
        return Stream.of(
                arguments("{\"name\":[\"Ada Lovelace\"]}", event, true),
                arguments("{\"name\":[\"ada lovelace\"]}", event, false),
                arguments("{\"name\":[\"Grace\",\"Ada Lovelace\"]}", event, true),
                arguments("{\"count\":[5]}", event, true),
                arguments("{\"count\":[5.0]}", event, true),
                arguments("{\"count\":[\"5\"]}", event, false),
                arguments("{\"ratio\":[0.50]}", event, true),
                arguments("{\"flag\":[true]}", event, true),
                arguments("{\"flag\":[false]}", event, false),
                arguments("{\"none\":[null]}", event, true),
                arguments("{\"missing\":[null]}", event, false),
                arguments("{\"empty\":[\"\"]}", event, true),
                arguments("{\"tags\":[\"green\"]}", event, true),
                arguments("{\"tags\":[\"red\"]}", event, false),
                arguments("{\"name\":[{\"prefix\":\"Ada\"}]}", event, true),
                arguments("{\"name\":[{\"prefix\":\"Lovelace\"}]}", event, false),
                arguments("{\"name\":[{\"prefix\":{\"equals-ignore-case\":\"ADA\"}}]}", event, true),
                arguments("{\"count\":[{\"prefix\":\"5\"}]}", event, false),
                arguments("{\"file\":[{\"suffix\":\".MP3\"}]}", event, true),
                arguments("{\"file\":[{\"suffix\":\".mp3\"}]}", event, false),
                arguments("{\"file\":[{\"suffix\":{\"equals-ignore-case\":\".mp3\"}}]}", event, true),
                arguments("{\"name\":[{\"equals-ignore-case\":\"ADA LOVELACE\"}]}", event, true),
                arguments("{\"name\":[{\"equals-ignore-case\":\"ADA\"}]}", event, false),
                arguments("{\"name\":[{\"anything-but\":\"Grace\"}]}", event, true),
                arguments("{\"name\":[{\"anything-but\":[\"Grace\",\"Ada Lovelace\"]}]}", event, false),
                arguments("{\"count\":[{\"anything-but\":[4,6]}]}", event, true),
                arguments("{\"count\":[{\"anything-but\":5}]}", event, false),
                arguments("{\"name\":[{\"anything-but\":{\"prefix\":\"Ada\"}}]}", event, false),
                arguments("{\"name\":[{\"anything-but\":{\"prefix\":\"Grace\"}}]}", event, true),
                arguments("{\"file\":[{\"anything-but\":{\"suffix\":\".MP3\"}}]}", event, false),
                arguments("{\"name\":[{\"anything-but\":{\"equals-ignore-case\":[\"ada lovelace\"]}}]}", event, false),
                arguments("{\"missing\":[{\"anything-but\":\"x\"}]}", event, false),
                arguments("{\"count\":[{\"numeric\":[\">\",0,\"<=\",5]}]}", event, true),
                arguments("{\"count\":[{\"numeric\":[\">\",0,\"<\",5]}]}", event, false),
                arguments("{\"count\":[{\"numeric\":[\"=\",5]}]}", event, true),
                arguments("{\"ratio\":[{\"numeric\":[\">=\",0.5]}]}", event, true),
                arguments("{\"name\":[{\"numeric\":[\">\",0]}]}", event, false),
                arguments("{\"name\":[{\"exists\":true}]}", event, true),
                arguments("{\"missing\":[{\"exists\":true}]}", event, false),
                arguments("{\"missing\":[{\"exists\":false}]}", event, true),
                arguments("{\"name\":[{\"exists\":false}]}", event, false),
                arguments("{\"nested\":{\"deep\":{\"value\":[\"x\"]}}}", event, true),
                arguments("{\"nested\":{\"deep\":{\"value\":[\"y\"]}}}", event, false),
                arguments("{\"nested\":{\"gone\":{\"value\":[{\"exists\":false}]}}}", event, true),
                arguments("{\"nested\":{\"gone\":{\"value\":[{\"exists\":true}]}}}", event, false),
                arguments("{\"items\":{\"kind\":[\"b\"],\"size\":[2]}}", event, true),
                arguments("{\"items\":{\"kind\":[\"a\"],\"size\":[2]}}", event, false),
                arguments("{\"name\":[\"Ada Lovelace\"],\"count\":[6]}", event, false),
                arguments("{\"name\":[\"Grace\",{\"prefix\":\"Ada\"}]}", event, true),
                arguments("{\"$or\":[{\"name\":[\"Grace\"]},{\"count\":[5]}]}", event, true),
                arguments("{\"$or\":[{\"name\":[\"Grace\"]},{\"count\":[6]}]}", event, false),
                arguments("{\"flag\":[true],"
                        + "\"$or\":[{\"name\":[\"Grace\"]},{\"nested\":{\"deep\":{\"value\":[\"x\"]}}}]}",
                        event, true));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("rules")
    void eachRuleMatchesAsLambdaEventFilteringDoes(String pattern, String record, boolean matches) {
        assertThat(EventFilter.parse(pattern).matches(json(record))).isEqualTo(matches);
    }

    @Test
    void aRecordGoesThroughWhenAnyFilterMatchesOrThereAreNoFilters() {
        List<EventFilter> filters = List.of(EventFilter.parse("{\"eventName\":[\"REMOVE\"]}"),
                EventFilter.parse(SETTLED));

        assertThat(EventFilter.anyMatches(filters, json(change("REMOVE", "queued", null)))).isTrue();
        assertThat(EventFilter.anyMatches(filters, json(change("MODIFY", "queued", "success")))).isTrue();
        assertThat(EventFilter.anyMatches(filters, json(change("MODIFY", "queued", "processing")))).isFalse();
        assertThat(EventFilter.anyMatches(List.of(), json(change("MODIFY", "queued", "processing")))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json", "[]", "\"text\"", "{\"name\":\"Ada\"}", "{\"name\":5}", "{\"name\":[]}",
            "{\"name\":[[\"Ada\"]]}", "{\"name\":[{\"wildcard\":\"A*\"}]}", "{\"name\":[{\"prefix\":5}]}",
            "{\"name\":[{\"prefix\":\"A\",\"suffix\":\"e\"}]}", "{\"count\":[{\"numeric\":[\">\"]}]}",
            "{\"count\":[{\"numeric\":[\"!=\",5]}]}", "{\"count\":[{\"numeric\":[\">\",\"5\"]}]}",
            "{\"name\":[{\"exists\":\"yes\"}]}", "{\"name\":[{\"anything-but\":true}]}",
            "{\"name\":[{\"anything-but\":[]}]}", "{\"$or\":[{\"name\":[\"Ada\"]}]}", "{\"$or\":{\"name\":[\"Ada\"]}}",
            "{\"name\":[\"Ada\"],\"name\":[\"Grace\"]}"})
    void aPatternLambdaWouldRejectIsRejected(String pattern) {
        assertThatIllegalArgumentException().isThrownBy(() -> EventFilter.parse(pattern));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
