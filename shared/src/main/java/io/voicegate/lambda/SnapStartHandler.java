package io.voicegate.lambda;

import io.voicegate.config.Wiring;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.Optional;

/**
 * A handler with SnapStart's runtime hooks (the template publishes SnapStart versions): before the snapshot it builds
 * and exercises what its first request would ({@link Wiring#prime()}, then {@link #primeHandler()}), so a restored
 * function answers warm; after a restore it renews what must not be shared by every environment restored from the
 * same snapshot ({@link Wiring#afterRestore()}).
 *
 * <p>Sources: "Lambda SnapStart runtime hooks for Java" (org.crac {@code Resource}, registered with
 * {@code Core.getGlobalContext()}), and "Handling uniqueness with Lambda SnapStart" (entropy created during init is
 * in every restored environment), AWS Lambda developer guide.
 */
public abstract class SnapStartHandler implements Resource {

    /** Empty for a handler built from its use case alone (tests, other hosts): its hooks then prime nothing. */
    private final Optional<Wiring> wiring;

    protected SnapStartHandler(Wiring wiring) {
        this.wiring = Optional.of(wiring);
    }

    /** A handler with no wiring of its own to prime or renew. */
    protected SnapStartHandler() {
        this.wiring = Optional.empty();
    }

    /**
     * Registers this handler for the hooks; called by the constructor the Lambda runtime uses. The handler is the
     * resource because the runtime holds it for the environment's life (a context may hold resources weakly).
     */
    protected final void registerForSnapStart() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        wiring.ifPresent(Wiring::prime);
        primeHandler();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        wiring.ifPresent(Wiring::afterRestore);
    }

    /** The handler's own warm-up, run after the wiring's: by default none. */
    protected void primeHandler() {
    }
}
