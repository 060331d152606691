package io.voicegate.domain.kling;

import io.voicegate.domain.ErrorCodes;

import java.util.Optional;

/**
 * Kling refused the request itself: invalid parameters (1200, 1201), wrong method or unknown resource (1202, 1203),
 * or a platform or content policy (1300, 1301). Sending it again will fail the same way; the request fails with
 * {@link #errorCode()} and Kling's message.
 */
public final class KlingRejectedException extends KlingException {

    private final String klingMessage;

    public KlingRejectedException(int code, String klingMessage, Optional<String> requestId) {
        super("Kling code " + code + ": " + klingMessage, code, requestId, null);
        this.klingMessage = klingMessage;
    }

    /** The reason as Kling worded it, fit to show to the client. */
    public String klingMessage() {
        return klingMessage;
    }

    /** {@value ErrorCodes#CONTENT_POLICY} for a policy block, {@value ErrorCodes#UPSTREAM_REJECTED} otherwise. */
    public String errorCode() {
        int code = code().orElseThrow();
        return code == 1300 || code == 1301 ? ErrorCodes.CONTENT_POLICY : ErrorCodes.UPSTREAM_REJECTED;
    }
}
