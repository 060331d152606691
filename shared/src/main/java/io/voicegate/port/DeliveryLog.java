package io.voicegate.port;

import io.voicegate.domain.DeliveryAttempt;

import java.util.List;

/** The webhook attempts of each request, kept for its client to read ({@code GET /requests/{id}/deliveries}). */
public interface DeliveryLog {

    /**
     * The number of the next attempt of this request's delivery: 1, 2, 3 … with no gap and no number given twice,
     * even to concurrent attempts (a retry and a manual re-send).
     */
    int nextAttempt(String requestId);

    /** Records an attempt under its number; recording the same number again replaces it. */
    void record(String requestId, DeliveryAttempt attempt);

    /** The request's attempts, first first. */
    List<DeliveryAttempt> attempts(String requestId);
}
