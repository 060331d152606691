package io.voicegate.local;

import io.voicegate.local.listen.WebhookListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A port the stack needs that something else holds is one sentence naming the port and its option, and a non-zero
 * exit, before any engine starts: no stack trace (ElasticMQ's bind failure used to print one).
 */
class BusyPortIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--port", "--dynamodb-port", "--sqs-port"})
    void aBusyPortIsOneSentenceAndANonZeroExit(String option) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName(), option,
                    Integer.toString(port)));
            if (!option.equals("--port")) {
                command.addAll(List.of("--port", "0")); // not 3000, which another stack on this machine may hold
            }
            Process process = new ProcessBuilder(command).directory(LocalStackExtension.root().toFile())
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(out).isEqualTo(1);
            assertThat(out).isEqualTo("voicegate local: port " + port + " on 127.0.0.1 is in use (" + option
                    + "); stop what listens there or give another one with " + option + " N.");
        }
    }

    @Test
    void theWebhookListenerOnABusyPortIsOneSentenceToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), WebhookListener.class.getName(), "--port",
                    Integer.toString(port)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(out).isEqualTo(1);
            assertThat(out).isEqualTo("voicegate listen: port " + port + " on 127.0.0.1 is in use; stop what listens "
                    + "there or give another one with --port N.");
        }
    }
}
