package io.voicegate.domain;

/** A voice Kling created, as it reports it. */
public record Voice(String voiceId, String voiceName, String trialUrl) {

    /** Longest voice id accepted from a path; Kling's are 18 digits, DynamoDB sort keys stop at 1,024 bytes. */
    public static final int MAX_ID = 128;

    /**
     * True when the text could be a voice id (1-128 visible ASCII characters); anything else names no voice and
     * needs no storage lookup.
     */
    public static boolean isPlausibleId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_ID && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
