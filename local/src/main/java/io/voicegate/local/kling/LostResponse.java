package io.voicegate.local.kling;

/** How a create answer is lost after the task was created. */
public enum LostResponse {
    /** HTTP 500 with Kling code 5000 (internal error). */
    SERVER_ERROR,
    /** HTTP 504 with Kling code 5002 (internal timeout). */
    SERVER_TIMEOUT,
    /** The connection is closed without any answer. */
    DROP_CONNECTION
}
