package io.voicegate.http;

import io.voicegate.app.ReconcileKlingBill;
import io.voicegate.domain.ValidationException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code POST /admin/reconciliation?date=YYYY-MM-DD} (run now) and {@code GET} (the day's latest report). */
final class AdminReconciliationApi {

    private final ReconcileKlingBill reconcile;

    AdminReconciliationApi(ReconcileKlingBill reconcile) {
        this.reconcile = reconcile;
    }

    ApiResponse run(ApiRequest request) {
        return ApiResponse.json(200, AdminViews.report(reconcile.run(date(request))));
    }

    ApiResponse show(ApiRequest request) {
        LocalDate date = date(request);
        return reconcile.report(date).map(r -> ApiResponse.json(200, AdminViews.report(r)))
                .orElseGet(() -> Problems.notFound("A reconciliation of " + date));
    }

    private static LocalDate date(ApiRequest request) {
        String text = request.query("date").orElseThrow(() -> ValidationException.of("date",
                "is required, as YYYY-MM-DD (a UTC day)"));
        try {
            if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ValidationException.of("date", "must be a day as YYYY-MM-DD (UTC)");
        }
    }
}
