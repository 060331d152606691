package io.voicegate.http;

import io.voicegate.domain.Request;
import io.voicegate.json.Json;
import io.voicegate.port.FinalRecords;

/** Renders the final record with the same view as {@code GET /requests/{id}}. */
public class JsonFinalRecords implements FinalRecords {

    @Override
    public String render(Request request) {
        return Json.write(Views.request(request));
    }
}
