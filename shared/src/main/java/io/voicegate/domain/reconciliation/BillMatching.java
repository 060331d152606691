package io.voicegate.domain.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches our charges with Kling's bill for one UTC day, by Kling task id. Kling's bill is filtered on the task's
 * creation time at Kling, ours on the request's creation time, and a task is created at Kling shortly after its
 * request; so both sides are read with a margin around the day, and only tasks of the day itself are reported:
 * <ul>
 *   <li>a billed task of the day that none of our charges names is {@code unknown_task};</li>
 *   <li>a charge of the day whose units (0 for a refund) differ from the units billed is {@code units_differ}
 *       (a refund that Kling did not bill is not a finding);</li>
 *   <li>a settled charge of the day with units that Kling did not bill is {@code not_billed}.</li>
 * </ul>
 * A request whose money is still held is not judged (its settlement is still to come). Several bill lines for one
 * task are added up.
 */
public final class BillMatching {

    private BillMatching() {
    }

    /**
     * @param dayStart   the day's first instant (UTC midnight)
     * @param dayEnd     the next day's first instant
     * @param ours       our charges created in the day and in the margins around it
     * @param bill       Kling's bill lines of tasks created in the day and in the margins around it
     * @param billedDay  the task ids Kling's bill gives for the day itself (without the margins)
     */
    public static Result match(Instant dayStart, Instant dayEnd, Collection<OurCharge> ours,
                               Collection<BilledTask> bill, Set<String> billedDay) {
        Map<String, BigDecimal> billed = new LinkedHashMap<>();
        bill.forEach(line -> billed.merge(line.taskId(), line.units(), BigDecimal::add));
        Map<String, OurCharge> byTask = new HashMap<>();
        ours.forEach(charge -> byTask.put(charge.klingTaskId(), charge));
        List<Mismatch> mismatches = new ArrayList<>();
        Set<String> checked = new HashSet<>();
        for (OurCharge charge : ours) {
            if (charge.createdAt().isBefore(dayStart) || !charge.createdAt().isBefore(dayEnd)) {
                continue;
            }
            checked.add(charge.klingTaskId());
            judge(charge, Optional.ofNullable(billed.get(charge.klingTaskId()))).ifPresent(mismatches::add);
        }
        for (String taskId : billedDay) {
            checked.add(taskId);
            if (!byTask.containsKey(taskId)) {
                mismatches.add(new Mismatch(Mismatch.Kind.UNKNOWN_TASK, taskId, Optional.empty(), Optional.empty(),
                        Optional.ofNullable(billed.get(taskId))));
            }
        }
        mismatches.sort(Comparator.comparing((Mismatch m) -> m.kind().ordinal()).thenComparing(Mismatch::taskId));
        return new Result(checked.size(), mismatches);
    }

    private static Optional<Mismatch> judge(OurCharge charge, Optional<BigDecimal> klingUnits) {
        if (charge.state() == OurCharge.State.HELD) {
            return Optional.empty();
        }
        Optional<BigDecimal> ourUnits = charge.state() == OurCharge.State.REFUNDED ? Optional.of(BigDecimal.ZERO)
                : charge.chargedUnits();
        if (klingUnits.isEmpty()) {
            boolean charged = ourUnits.map(u -> u.signum() > 0).orElse(true);
            return charge.state() == OurCharge.State.SETTLED && charged
                    ? Optional.of(mismatch(Mismatch.Kind.NOT_BILLED, charge, ourUnits, klingUnits)) : Optional.empty();
        }
        boolean same = ourUnits.isPresent() && ourUnits.get().compareTo(klingUnits.get()) == 0;
        return same ? Optional.empty()
                : Optional.of(mismatch(Mismatch.Kind.UNITS_DIFFER, charge, ourUnits, klingUnits));
    }

    private static Mismatch mismatch(Mismatch.Kind kind, OurCharge charge, Optional<BigDecimal> ours,
                                     Optional<BigDecimal> kling) {
        return new Mismatch(kind, charge.klingTaskId(), Optional.of(charge.requestId()), ours, kling);
    }

    /** How many distinct tasks of the day were looked at, and the findings, grouped by kind then task id. */
    public record Result(int checkedTasks, List<Mismatch> mismatches) {
    }
}
