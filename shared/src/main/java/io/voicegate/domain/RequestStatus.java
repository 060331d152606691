package io.voicegate.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request status machine. {@link #MOVES} is the one table of allowed moves; moving to the current status is a
 * no-op (callbacks repeat) and terminal statuses absorb everything.
 */
public enum RequestStatus {
    DISPATCHED,
    PROCESSING,
    SUCCESS,
    FAILED;

    private static final Map<RequestStatus, Set<RequestStatus>> MOVES = Map.of(
            DISPATCHED, EnumSet.of(PROCESSING, FAILED),
            PROCESSING, EnumSet.of(SUCCESS, FAILED),
            SUCCESS, EnumSet.noneOf(RequestStatus.class),
            FAILED, EnumSet.noneOf(RequestStatus.class));

    /** What a request in this status does when asked to move to {@code target}. */
    public enum Move { ADVANCE, NO_OP, REJECT }

    public Move moveTo(RequestStatus target) {
        if (target == this) {
            return Move.NO_OP;
        }
        return MOVES.get(this).contains(target) ? Move.ADVANCE : Move.REJECT;
    }

    /** The statuses a write may move from to reach this one; every status write is conditional on these. */
    public Set<RequestStatus> predecessors() {
        Set<RequestStatus> from = EnumSet.noneOf(RequestStatus.class);
        MOVES.forEach((source, targets) -> {
            if (targets.contains(this)) {
                from.add(source);
            }
        });
        return from;
    }

    public boolean isTerminal() {
        return MOVES.get(this).isEmpty();
    }

    /** The wire and storage spelling, e.g. {@code "dispatched"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RequestStatus fromWire(String value) {
        for (RequestStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown request status: " + value);
    }
}
