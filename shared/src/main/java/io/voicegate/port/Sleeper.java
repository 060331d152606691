package io.voicegate.port;

import java.time.Duration;

/** Waits: the long-poll's pause between reads. Tests give one that moves a clock instead. */
@FunctionalInterface
public interface Sleeper {

    /** Pauses the calling thread; {@link #THREAD} is {@link Thread#sleep}. */
    void sleep(Duration duration) throws InterruptedException;

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());
}
