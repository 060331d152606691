package io.voicegate.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class ScheduleEventSourceTest {

    private static final Duration FAST = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2026-03-01T12:34:56.789Z");

    private final List<ScheduleEventSource> sources = new ArrayList<>();

    @AfterEach
    void closeSources() {
        sources.forEach(ScheduleEventSource::close);
    }

    private ScheduleEventSource start(Invoker function, Map<String, Object> properties, Optional<Duration> override) {
        ScheduleEventSource source = new ScheduleEventSource("ReconcileFunction", function,
                new SamTemplate.Event("Sweep", "Schedule", properties), String::valueOf, override,
                Clock.fixed(NOW, ZoneOffset.UTC));
        sources.add(source);
        return source;
    }

    @Test
    void firesAScheduledEventFromTheRuleThatRoundTripsThroughTheLambdaSerializer() throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();

        start(received::add, Map.of("Schedule", "rate(5 minutes)"), Optional.of(FAST));

        await().atMost(PATIENCE).until(() -> received.size() >= 2);
        assertThat(received).allSatisfy(event -> assertThat(event).isInstanceOf(ScheduledEvent.class));
        ScheduledEvent event = (ScheduledEvent) received.get(0);
        assertThat(event.getSource()).isEqualTo("aws.events");
        assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(event.getResources()).containsExactly(
                "arn:aws:events:" + LocalSqs.REGION + ":" + LocalSqs.ACCOUNT + ":rule/ReconcileFunctionSweep");
        assertThat(event.getRegion()).isEqualTo(LocalSqs.REGION);
        assertThat(event.getAccount()).isEqualTo(LocalSqs.ACCOUNT);
        assertThat(event.getVersion()).isEqualTo("0");
        assertThat(event.getTime().getMillis()).isEqualTo(Instant.parse("2026-03-01T12:34:56Z").toEpochMilli());
        assertThat(event.getDetail()).isEmpty();
        assertThat(event.getId()).isNotBlank().isNotEqualTo(((ScheduledEvent) received.get(1)).getId());
        JsonNode json = Json.mapper().readTree(lambdaJson(event));
        assertThat(json.get("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(json.get("resources").get(0).asText()).endsWith(":rule/ReconcileFunctionSweep");
    }

    @Test
    void aNamedRuleKeepsItsName() {
        List<Object> received = new CopyOnWriteArrayList<>();

        start(received::add, Map.of("Schedule", "rate(1 minute)", "Name", "voicegate-sweep"), Optional.of(FAST));

        await().atMost(PATIENCE).until(() -> !received.isEmpty());
        assertThat(((ScheduledEvent) received.get(0)).getResources().get(0)).endsWith(":rule/voicegate-sweep");
    }

    @Test
    void keepsFiringAfterTheHandlerThrows() {
        AtomicInteger calls = new AtomicInteger();
        Invoker failsTwice = event -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("sweep failed");
            }
            return null;
        };

        start(failsTwice, Map.of("Schedule", "rate(1 minute)"), Optional.of(FAST));

        await().atMost(PATIENCE).until(() -> calls.get() >= 4);
    }

    @Test
    void closeStopsTheSchedule() {
        AtomicInteger calls = new AtomicInteger();
        ScheduleEventSource source = start(event -> calls.incrementAndGet(), Map.of("Schedule", "rate(1 minute)"),
                Optional.of(FAST));
        await().atMost(PATIENCE).until(() -> calls.get() >= 1);

        source.close();

        int afterClose = calls.get();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> calls.get() == afterClose);
    }

    @Test
    void aDisabledScheduleNeverFires() {
        AtomicInteger calls = new AtomicInteger();

        start(event -> calls.incrementAndGet(), Map.of("Schedule", "rate(1 minute)", "Enabled", false),
                Optional.of(FAST));
        start(event -> calls.incrementAndGet(), Map.of("Schedule", "rate(1 minute)", "State", "DISABLED"),
                Optional.of(FAST));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> calls.get() == 0);
    }

    @Test
    void withoutAnOverrideTheScheduleKeepsItsOwnRateAndCronFallsBackToAMinute() {
        ScheduleEventSource rate = start(event -> null, Map.of("Schedule", "rate(5 minutes)"), Optional.empty());
        ScheduleEventSource cron = start(event -> null, Map.of("Schedule", "cron(0/5 * * * ? *)"), Optional.empty());
        ScheduleEventSource overridden = start(event -> null, Map.of("Schedule", "cron(0 12 * * ? *)"),
                Optional.of(Duration.ofSeconds(2)));

        assertThat(rate.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cron.interval()).isEqualTo(ScheduleEventSource.CRON_FALLBACK);
        assertThat(overridden.interval()).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource({"rate(1 minute),PT1M", "rate(5 minutes),PT5M", "rate(1 hour),PT1H", "rate(12 hours),PT12H",
            "rate(1 day),PT24H", "rate(7 days),PT168H"})
    void readsEventBridgeRates(String expression, Duration expected) {
        assertThat(ScheduleEventSource.interval(expression)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(0 minutes)", "rate(1 minutes)", "rate(5 minute)", "rate(5 seconds)", "rate(x)",
            "every 5 minutes", "at(2026-01-01T00:00:00)"})
    void rejectsWhatEventBridgeRejects(String expression) {
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleEventSource.interval(expression));
    }

    private static String lambdaJson(ScheduledEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(ScheduledEvent.class, ScheduledEvent.class.getClassLoader())
                .toJson(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
