package io.voicegate.port;

import io.voicegate.domain.reconciliation.BilledTask;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Kling's own bill: the per-task unit deductions of {@code POST /account/billing/package} ("Unit Deduction Detail",
 * kling-api.md §5 and "Per-task unit deductions"), filtered on the task's creation time, in pages of at most 500.
 * Failures are {@link io.voicegate.domain.kling.KlingException}s.
 */
public interface KlingBill {

    /**
     * One page of bill lines for tasks created in {@code [from, to)}; Kling's cursor, when given, overrides the
     * times.
     */
    BillPage page(Instant from, Instant to, Optional<String> cursor);

    record BillPage(List<BilledTask> lines, Optional<String> nextCursor) {
    }
}
