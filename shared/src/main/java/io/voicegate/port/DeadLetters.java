package io.voicegate.port;

import java.util.Map;

/** Parks a message that cannot be processed, with the reason, for an operator to look at. */
public interface DeadLetters {

    /** @throws QueueUnavailableException when the message could not be parked */
    void park(String body, Map<String, String> context, String reason);
}
