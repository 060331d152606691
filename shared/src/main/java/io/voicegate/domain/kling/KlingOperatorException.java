package io.voicegate.domain.kling;

import java.util.Optional;

/**
 * A problem with our own Kling account or setup, not with the request: credentials (1000–1004, after one re-minted
 * token), account state or balance (1100–1104), IP allow-list (1304), or an answer this client cannot use. Not the
 * client's fault: retry and alarm until the dispatch deadline.
 */
public final class KlingOperatorException extends KlingException {

    public KlingOperatorException(String message, int code, Optional<String> requestId) {
        super(message, code, requestId, null);
    }

    public KlingOperatorException(String message, Optional<String> requestId) {
        super(message, null, requestId, null);
    }
}
