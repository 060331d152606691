package io.voicegate.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A main class run in a JVM of its own with this test JVM's classpath, so a test can kill it as a crash would
 * ({@link #kill()} is SIGKILL: no shutdown hook runs). Its output goes to {@code target/child-jvm/NAME.log} and is
 * kept in memory for {@link #awaitLine}.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reader = new Thread(this::copyOutput, "child-jvm-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with these arguments in the repository root. */
    public static ChildJvm start(String name, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        try {
            Path log = Path.of("target", "child-jvm", name + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(LocalStackExtension.root().toFile())
                    .redirectErrorStream(true).start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + main.getName(), e);
        }
    }

    private void copyOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                out.write(line);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            // the process is gone; what it printed is kept
        }
    }

    /**
     * Waits for a line starting with {@code prefix} and returns the rest of it; fails at once if the process ends
     * first.
     */
    public String awaitLine(String prefix, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> line(prefix).isPresent() || !process.isAlive());
        return line(prefix).orElseThrow(() -> new AssertionError(name + " ended (exit " + process.exitValue()
                + ") before printing '" + prefix + "'; its output is in " + log));
    }

    /** The rest of the first line printed so far that starts with {@code prefix}. */
    Optional<String> line(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst();
    }

    /** SIGKILL, as a crash or {@code kill -9}: the process gets no chance to flush or close anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not die of SIGKILL");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
