package io.voicegate.app;

import io.voicegate.domain.Request;

/** The request a submission created, or the one an idempotent replay found ({@code replayed}). */
public record SubmitResult(Request request, boolean replayed) {
}
