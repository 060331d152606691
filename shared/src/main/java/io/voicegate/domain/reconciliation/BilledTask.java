package io.voicegate.domain.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of Kling's bill: the units Kling deducted for one task ({@code deduction_amount} of Kling's "Unit Deduction
 * Detail", {@code POST /account/billing/package}; kling-api.md, "Per-task unit deductions"), and when.
 */
public record BilledTask(String taskId, BigDecimal units, Instant deductedAt) {
}
