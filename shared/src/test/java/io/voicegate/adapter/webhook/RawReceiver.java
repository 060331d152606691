package io.voicegate.adapter.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bare TCP receiver on 127.0.0.1: runs a script per connection and keeps the bytes the scripts read. */
final class RawReceiver implements AutoCloseable {

    interface Script {
        void run(Socket connection, RawReceiver receiver) throws IOException;
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *([0-9]+)\r\n");

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    private RawReceiver(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    connections.add(connection);
                    threads.execute(() -> {
                        try {
                            script.run(connection, this);
                        } catch (IOException e) {
                            // the sender hung up; that is what several tests want
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    static RawReceiver start(Script script) throws IOException {
        return new RawReceiver(script);
    }

    /** Reads one HTTP request, records it and answers with these exact bytes, then hangs up. */
    static Script answering(String response) {
        return (connection, receiver) -> {
            try (connection) {
                receiver.record(readRequest(connection.getInputStream()));
                connection.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                connection.getOutputStream().flush();
            }
        };
    }

    /** Reads one HTTP request, records it and never answers (the connection stays open until {@link #close()}). */
    static Script silent() {
        return (connection, receiver) -> receiver.record(readRequest(connection.getInputStream()));
    }

    int port() {
        return server.getLocalPort();
    }

    void record(byte[] bytes) {
        received.add(bytes);
    }

    String nextRequest() throws InterruptedException {
        byte[] bytes = received.poll(5, TimeUnit.SECONDS);
        if (bytes == null) {
            throw new AssertionError("the receiver got nothing");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    byte[] nextBytes() throws InterruptedException {
        byte[] bytes = received.poll(5, TimeUnit.SECONDS);
        if (bytes == null) {
            throw new AssertionError("the receiver got nothing");
        }
        return bytes;
    }

    boolean receivedNothing() {
        return received.isEmpty();
    }

    static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b == -1) {
                return bytes.toByteArray();
            }
            bytes.write(b);
            last4 = (last4 << 8) | b;
        }
        Matcher length = CONTENT_LENGTH.matcher(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1));
        if (length.find()) {
            bytes.write(in.readNBytes(Integer.parseInt(length.group(1))));
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
        threads.shutdownNow();
    }
}
