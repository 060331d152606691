package io.voicegate.local.runtime;

/** Told of each function invocation when it ends: the function's logical id, its event, and System.nanoTime()s. */
@FunctionalInterface
public interface InvocationListener {

    InvocationListener NONE = (function, event, startNanos, endNanos) -> { };

    void invoked(String function, Object event, long startNanos, long endNanos);
}
