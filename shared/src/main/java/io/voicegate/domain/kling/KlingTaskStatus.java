package io.voicegate.domain.kling;

/** The status of a Kling task, with Kling's own spelling on the wire ({@code succeed}, not {@code succeeded}). */
public enum KlingTaskStatus {
    SUBMITTED("submitted"),
    PROCESSING("processing"),
    SUCCEED("succeed"),
    FAILED("failed");

    private final String wireName;

    KlingTaskStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A terminal task never changes again. */
    public boolean isTerminal() {
        return this == SUCCEED || this == FAILED;
    }

    /** @throws IllegalArgumentException for a name Kling does not use on the legacy custom-voice API */
    public static KlingTaskStatus fromWire(String wireName) {
        for (KlingTaskStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown Kling task status: " + wireName);
    }
}
