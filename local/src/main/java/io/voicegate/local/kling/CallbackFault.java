package io.voicegate.local.kling;

/** How the simulator misbehaves when it POSTs callbacks for a task. */
public enum CallbackFault {
    /** Every callback is POSTed twice. */
    DUPLICATE,
    /** The {@code processing} callback is held back and POSTed after the terminal one. */
    OUT_OF_ORDER,
    /** No callback at all. */
    DROP_ALL,
    /** The {@code processing} callback goes out, the terminal one never does. */
    DROP_TERMINAL
}
