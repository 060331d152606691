package io.voicegate.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * An API key as an operator may see it: its id, its last four characters, when it was issued and on which UTC day it
 * was last used. The key itself is never stored; only its SHA-256 is.
 */
public record ApiKeyInfo(String keyId, String last4, Instant createdAt, Optional<LocalDate> lastUsedOn) {
}
