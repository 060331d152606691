package io.voicegate.domain;

import java.util.Optional;

/** A validated {@code kling-custom-voice} payload: a name and exactly one voice source. */
public record VoicePayload(String voiceName, Optional<String> voiceUrl, Optional<String> videoId) {

    public VoicePayload {
        if (voiceUrl.isPresent() == videoId.isPresent()) {
            throw new IllegalArgumentException("exactly one of voiceUrl and videoId");
        }
    }

    public static VoicePayload fromUrl(String voiceName, String voiceUrl) {
        return new VoicePayload(voiceName, Optional.of(voiceUrl), Optional.empty());
    }

    public static VoicePayload fromVideo(String voiceName, String videoId) {
        return new VoicePayload(voiceName, Optional.empty(), Optional.of(videoId));
    }
}
