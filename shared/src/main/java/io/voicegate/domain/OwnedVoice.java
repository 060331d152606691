package io.voicegate.domain;

import java.time.Instant;

/** A voice an account created through the gateway; only its owner may list or delete it. */
public record OwnedVoice(String accountId, Voice voice, String requestId, Instant createdAt) {
}
