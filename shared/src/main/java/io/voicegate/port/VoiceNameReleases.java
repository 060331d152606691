package io.voicegate.port;

/** Frees the voice name a request claimed in its account; {@link AccountStore#releaseVoiceName} is one. */
@FunctionalInterface
public interface VoiceNameReleases {

    /**
     * Frees {@code voiceNameKey} ({@link io.voicegate.domain.VoiceNames#claimKey} form) in the account, only while the
     * claim is the one {@code requestId} made; a no-op otherwise.
     */
    void release(String accountId, String voiceNameKey, String requestId);
}
