package io.voicegate.lambda;

import java.nio.file.Path;

/**
 * The sample events in the repository's {@code events/} (ours, and the SAM CLI's in {@code events/sam-official/}):
 * the same files {@code sam local invoke -e} takes, for handler tests in any module.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The repository root: tests run from their module's directory, or where {@code voicegate.root} says. */
    public static Path root() {
        return Path.of(System.getProperty("voicegate.root", "..")).toAbsolutePath().normalize();
    }

    /** The path of {@code events/<relative>}, as {@code EventLoader} takes it. */
    public static String event(String relative) {
        return root().resolve("events").resolve(relative).toString();
    }
}
