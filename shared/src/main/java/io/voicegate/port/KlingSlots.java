package io.voicegate.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's Kling task slots: one pool for the one Kling account every function calls with, shared by every
 * dispatch worker, so concurrent workers agree on how many tasks are in flight. A slot is a lease held by one request
 * from before its Kling create until its task ends; it records when it was taken. The pool enforces the limit it is
 * given on each acquisition (Kling's concurrency rules count tasks from {@code submitted} until they end, Kling API
 * notes §5 [K-CONC]).
 */
public interface KlingSlots {

    /**
     * Takes a slot for the request, in one conditional write: granted when the request already holds one (its lease is
     * kept as it was) or fewer than {@code limit} are held; with {@code evict}, the evicted lease (only if it is still
     * exactly that lease) is replaced by the request's in the same write, whatever the count.
     *
     * @param now   when the lease starts, if the request holds none yet (epoch-second precision)
     * @param evict a lease to take over (one whose holder was lost track of: its lease has expired)
     * @return {@link Granted}, or {@link Refused} with the pool as it was, read in the same write
     */
    Grant acquire(String requestId, Instant now, int limit, Optional<Lease> evict);

    /** The leases held now (a strongly consistent read). */
    List<Lease> leases();

    /** Gives the request's slot back; a no-op when it holds none (a repeated release). */
    void release(String requestId);

    /** A slot held by a request since a moment (epoch seconds). */
    record Lease(String requestId, Instant since) {
    }

    /** The answer to an acquisition. */
    sealed interface Grant permits Granted, Refused {
    }

    /**
     * @param since       when the request first took the slot (its admission)
     * @param heldBefore  the request already held it: an earlier attempt may have created its Kling task
     */
    record Granted(Instant since, boolean heldBefore) implements Grant {
    }

    /** Every slot is held (or the evicted lease had changed): the pool as the refused write saw it. */
    record Refused(List<Lease> leases) implements Grant {
        public Refused {
            leases = List.copyOf(leases);
        }
    }
}
