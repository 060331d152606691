package io.voicegate.app;

import io.voicegate.domain.Source;

import java.util.Optional;

/** A raw submission from an authenticated account, over HTTP or SQS. */
public record SubmitCommand(String accountId, Source source, String rawBody, Optional<String> idempotencyKey) {
}
