package io.voicegate.domain.reconciliation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BillMatchingTest {

    private static final Instant DAY = Instant.parse("2026-11-29T00:00:00Z");
    private static final Instant NEXT = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant NOON = Instant.parse("2026-11-29T12:00:00Z");

    private static OurCharge settled(String request, String task, String units) {
        return new OurCharge(request, task, NOON, OurCharge.State.SETTLED, Optional.of(new BigDecimal(units)));
    }

    private static BilledTask billed(String task, String units) {
        return new BilledTask(task, new BigDecimal(units), NOON);
    }

    @Test
    void chargesThatMatchTheBillAreNoFinding() {
        var result = BillMatching.match(DAY, NEXT, List.of(settled("r1", "t1", "0.05")),
                List.of(billed("t1", "0.050")), Set.of("t1"));

        assertThat(result.mismatches()).isEmpty();
        assertThat(result.checkedTasks()).isEqualTo(1);
    }

    @Test
    void findsEachOfTheThreeKindsOfMismatch() {
        List<OurCharge> ours = List.of(settled("r1", "t1", "0.05"), settled("r2", "t2", "0.05"));
        List<BilledTask> bill = List.of(billed("t1", "0.10"), billed("t9", "0.05"));

        var result = BillMatching.match(DAY, NEXT, ours, bill, Set.of("t1", "t9"));

        assertThat(result.mismatches()).containsExactly(
                new Mismatch(Mismatch.Kind.UNITS_DIFFER, "t1", Optional.of("r1"), Optional.of(new BigDecimal("0.05")),
                        Optional.of(new BigDecimal("0.10"))),
                new Mismatch(Mismatch.Kind.UNKNOWN_TASK, "t9", Optional.empty(), Optional.empty(),
                        Optional.of(new BigDecimal("0.05"))),
                new Mismatch(Mismatch.Kind.NOT_BILLED, "t2", Optional.of("r2"), Optional.of(new BigDecimal("0.05")),
                        Optional.empty()));
        assertThat(result.checkedTasks()).isEqualTo(3);
    }

    @Test
    void aRefundWithoutUnitsIsNoFindingButABilledRefundIs() {
        OurCharge quiet = new OurCharge("r1", "t1", NOON, OurCharge.State.REFUNDED, Optional.empty());
        OurCharge billedRefund = new OurCharge("r2", "t2", NOON, OurCharge.State.REFUNDED, Optional.empty());

        var result = BillMatching.match(DAY, NEXT, List.of(quiet, billedRefund), List.of(billed("t2", "0.05")),
                Set.of("t2"));

        assertThat(result.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Mismatch.Kind.UNITS_DIFFER);
            assertThat(m.ourUnits()).contains(BigDecimal.ZERO);
        });
    }

    @Test
    void aHeldRequestIsNotJudgedAndItsBilledTaskIsNotUnknown() {
        OurCharge held = new OurCharge("r1", "t1", NOON, OurCharge.State.HELD, Optional.empty());

        var result = BillMatching.match(DAY, NEXT, List.of(held), List.of(billed("t1", "0.05")), Set.of("t1"));

        assertThat(result.mismatches()).isEmpty();
    }

    @Test
    void requestsAndTasksAcrossMidnightMatchThroughTheMargins() {
        OurCharge lateYesterday = new OurCharge("r0", "t0", DAY.minusSeconds(30), OurCharge.State.SETTLED,
                Optional.of(new BigDecimal("0.05")));
        OurCharge lateToday = new OurCharge("r1", "t1", NEXT.minusSeconds(30), OurCharge.State.SETTLED,
                Optional.of(new BigDecimal("0.05")));
        List<BilledTask> bill = List.of(billed("t0", "0.05"), billed("t1", "0.05"));

        var result = BillMatching.match(DAY, NEXT, List.of(lateYesterday, lateToday), bill, Set.of("t0"));

        assertThat(result.mismatches()).isEmpty();
    }
}
