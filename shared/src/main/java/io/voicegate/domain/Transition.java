package io.voicegate.domain;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A status change to write, with what it brings: the Kling task id (on dispatch), the outcome and the units Kling
 * charged (on a terminal status).
 */
public record Transition(RequestStatus to, Optional<String> klingTaskId, Optional<Outcome> outcome,
                         Optional<BigDecimal> klingUnits) {

    public static Transition processing(String klingTaskId) {
        return new Transition(RequestStatus.PROCESSING, Optional.of(klingTaskId), Optional.empty(), Optional.empty());
    }

    public static Transition failed(Outcome outcome) {
        return new Transition(RequestStatus.FAILED, Optional.empty(), Optional.of(outcome), Optional.empty());
    }
}
