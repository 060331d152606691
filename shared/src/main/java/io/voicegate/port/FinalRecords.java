package io.voicegate.port;

import io.voicegate.domain.Request;

/** The final record as clients see it: exactly the body of {@code GET /requests/{id}}. */
public interface FinalRecords {

    String render(Request request);
}
