package io.voicegate.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequeryPlanTest {

    private static List<Long> points(RequeryPlan plan) {
        List<Long> points = new ArrayList<>();
        Duration at = Duration.ZERO;
        while (!plan.pastDeadline(at)) {
            at = at.plus(plan.nextCheckAfter(at));
            points.add(at.toSeconds());
        }
        return points;
    }

    @Test
    void theDefaultScheduleChecksSoonAfterTheExpectedFinishThenBacksOffToTheCap() {
        assertThat(points(RequeryPlan.DEFAULTS)).startsWith(10L, 20L, 40L, 80L, 125L, 170L).endsWith(530L, 575L, 600L)
                .hasSize(16);
    }

    @Test
    void noGapIsLongerThanTheMaximumInterval() {
        List<Long> points = points(RequeryPlan.DEFAULTS);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i) - points.get(i - 1)).isLessThanOrEqualTo(45);
        }
    }

    @Test
    void theLastCheckIsAtTheDeadline() {
        RequeryPlan plan = new RequeryPlan(Duration.ofSeconds(10), Duration.ofSeconds(45), Duration.ofSeconds(100));

        assertThat(points(plan)).containsExactly(10L, 20L, 40L, 80L, 100L);
        assertThat(plan.pastDeadline(Duration.ofSeconds(99))).isFalse();
        assertThat(plan.pastDeadline(Duration.ofSeconds(100))).isTrue();
    }

    @Test
    void aCheckThatRunsLateIsFollowedByTheNextPlanPoint() {
        assertThat(RequeryPlan.DEFAULTS.nextCheckAfter(Duration.ofSeconds(23))).isEqualTo(Duration.ofSeconds(17));
        assertThat(RequeryPlan.DEFAULTS.nextCheckAfter(Duration.ofSeconds(700))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPlanThatIsNotASchedulesIsRefused() {
        assertThatThrownBy(() -> new RequeryPlan(Duration.ZERO, Duration.ofSeconds(45), Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequeryPlan(Duration.ofSeconds(60), Duration.ofSeconds(45),
                Duration.ofMinutes(10))).isInstanceOf(IllegalArgumentException.class);
    }
}
