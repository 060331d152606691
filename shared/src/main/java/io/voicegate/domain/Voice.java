package io.voicegate.domain;

/** A voice Kling created, as it reports it. */
public record Voice(String voiceId, String voiceName, String trialUrl) {
}
