package io.voicegate.app;

import io.voicegate.port.KlingSlots;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link KlingSlots} in memory, with the DynamoDB adapter's conditions; counts its calls. */
public class InMemoryKlingSlots implements KlingSlots {

    private final Map<String, Instant> held = new LinkedHashMap<>();
    final AtomicInteger acquisitions = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public synchronized Grant acquire(String requestId, Instant now, int limit, Optional<Lease> evict) {
        acquisitions.incrementAndGet();
        Instant start = Instant.ofEpochSecond(now.getEpochSecond());
        if (evict.isPresent()) {
            Lease old = evict.get();
            if (held.containsKey(requestId) || !old.since().equals(held.get(old.requestId()))
                    || held.size() > limit) {
                return new Refused(leases(held));
            }
            held.remove(old.requestId());
            held.put(requestId, start);
            return new Granted(start, false);
        }
        if (held.containsKey(requestId)) {
            return new Granted(held.get(requestId), true);
        }
        if (held.size() >= limit) {
            return new Refused(leases(held));
        }
        held.put(requestId, start);
        return new Granted(start, false);
    }

    @Override
    public synchronized List<Lease> leases() {
        reads.incrementAndGet();
        return leases(held);
    }

    @Override
    public synchronized void release(String requestId) {
        releases.incrementAndGet();
        held.remove(requestId);
    }

    public synchronized boolean holds(String requestId) {
        return held.containsKey(requestId);
    }

    public synchronized int held() {
        return held.size();
    }

    private static List<Lease> leases(Map<String, Instant> held) {
        List<Lease> leases = new ArrayList<>();
        held.forEach((id, since) -> leases.add(new Lease(id, since)));
        return leases;
    }
}
