package io.voicegate.local;

import io.voicegate.adapter.metrics.EmfMetrics;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's alarms on voicegate's own metrics watch what the functions publish in embedded metric format: the
 * same namespace, a metric name the adapter writes, and no dimensions (each metric is also published without them).
 * The text metric filters that counted log lines are gone.
 */
class MetricAlarmsTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(LocalStackExtension.root().resolve("template.yaml"));

    /** The metric names {@link EmfMetrics} writes: its public string constants other than the namespace. */
    private static Set<String> published() {
        return Arrays.stream(EmfMetrics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .filter(f -> !f.getName().equals("NAMESPACE")).map(MetricAlarmsTest::value)
                .collect(Collectors.toSet());
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyAlarmOnAVoicegateMetricWatchesOneTheFunctionsPublishWithoutDimensions() {
        List<SamTemplate.Resource> alarms = TEMPLATE.resources("AWS::CloudWatch::Alarm").stream()
                .filter(a -> EmfMetrics.NAMESPACE.equals(a.properties().get("Namespace"))).toList();

        assertThat(alarms).extracting(a -> a.properties().get("MetricName")).contains(
                "UnsettledRequests", "SettlementsWithoutUnits", "ReconciliationMismatches");
        assertThat(alarms).allSatisfy(alarm -> {
            assertThat(published()).contains((String) alarm.properties().get("MetricName"));
            assertThat(alarm.properties()).doesNotContainKey("Dimensions");
        });
    }

    @Test
    void noLogLineIsCountedByAMetricFilterAnyMore() {
        assertThat(TEMPLATE.resources("AWS::Logs::MetricFilter")).isEmpty();
    }
}
