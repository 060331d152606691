package io.voicegate.domain.kling;

import io.voicegate.domain.VoicePayload;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to Kling to clone a voice. {@code externalTaskId} is our own id for the task: Kling keeps it unique per
 * account and lets us look the task up by it, which is how an ambiguous create is resolved.
 */
public record CreateVoice(String voiceName, Optional<String> voiceUrl, Optional<String> videoId, String callbackUrl,
                          String externalTaskId) {

    public CreateVoice {
        Objects.requireNonNull(voiceName, "voiceName");
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        Objects.requireNonNull(externalTaskId, "externalTaskId");
        if (voiceUrl.isPresent() == videoId.isPresent()) {
            throw new IllegalArgumentException("exactly one of voiceUrl and videoId");
        }
    }

    public static CreateVoice of(VoicePayload payload, String callbackUrl, String externalTaskId) {
        return new CreateVoice(payload.voiceName(), payload.voiceUrl(), payload.videoId(), callbackUrl,
                externalTaskId);
    }
}
