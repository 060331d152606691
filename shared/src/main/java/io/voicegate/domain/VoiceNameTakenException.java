package io.voicegate.domain;

/**
 * The account already has a live voice of this name (a request for it still open, or its voice not deleted); names
 * compare after Unicode NFC ({@link VoiceNames#claimKey}). Nothing was written or charged.
 */
public class VoiceNameTakenException extends RuntimeException {

    private final String voiceName;

    public VoiceNameTakenException(String voiceName) {
        super("voice name already in use in this account");
        this.voiceName = voiceName;
    }

    public String voiceName() {
        return voiceName;
    }
}
