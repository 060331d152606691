package io.voicegate.app;

import io.voicegate.domain.Money;
import io.voicegate.port.Metrics;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link Metrics} that records each business event as one readable line ({@code "requestFailed upstream_failed"},
 * {@code "settled charged=7000 refunded=63000"}), so a test asserts which events a use case produced, in order.
 */
public class RecordingMetrics implements Metrics {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private int flushes;

    /** Every event recorded so far, first first (flushing does not forget them). */
    public List<String> events() {
        return List.copyOf(events);
    }

    public int flushes() {
        return flushes;
    }

    public void clear() {
        events.clear();
    }

    @Override
    public void requestSubmitted() {
        events.add("requestSubmitted");
    }

    @Override
    public void requestFailed(String errorCode) {
        events.add("requestFailed " + errorCode);
    }

    @Override
    public void settled(Money charged, Money refunded) {
        events.add("settled charged=" + charged.micros() + " refunded=" + refunded.micros());
    }

    @Override
    public void dispatchRetried(RetryReason reason) {
        events.add("dispatchRetried " + reason.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void webhookAttempted(boolean delivered) {
        events.add("webhookAttempted " + (delivered ? "delivered" : "failed"));
    }

    @Override
    public void deliveryParked(ParkReason reason) {
        events.add("deliveryParked " + reason.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void settledWithoutUnits() {
        events.add("settledWithoutUnits");
    }

    @Override
    public void balanceWentNegative() {
        events.add("balanceWentNegative");
    }

    @Override
    public void unsettledRequestFound() {
        events.add("unsettledRequestFound");
    }

    @Override
    public void reconciliationMismatch(String kind) {
        events.add("reconciliationMismatch " + kind);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }
}
