package io.voicegate.domain;

import java.util.Optional;

/** A validated request to run a model: what the client asked for, before it has an id or a charge. */
public record Submission(Model model, VoicePayload payload, Optional<String> webhookUrl) {
}
