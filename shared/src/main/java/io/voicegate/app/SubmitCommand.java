package io.voicegate.app;

import io.voicegate.domain.Source;

import java.util.Optional;

/** A submission from an authenticated account, over HTTP or SQS, with its body as the edge read it. */
public record SubmitCommand(String accountId, Source source, SubmittedBody body, Optional<String> idempotencyKey) {
}
