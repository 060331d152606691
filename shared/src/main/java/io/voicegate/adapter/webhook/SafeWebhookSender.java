package io.voicegate.adapter.webhook;

import io.voicegate.domain.PublicAddresses;
import io.voicegate.port.WebhookSender;

import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Posts webhooks with the JDK's sockets and nothing between: checks the URL, resolves the host once, refuses it when
 * any address is not public, connects to the address it checked (so DNS cannot change the answer in between),
 * verifies the certificate for the host name, writes HTTP/1.1 by hand and returns the first status it reads. Never
 * follows a redirect, reads at most a few KiB of the answer, and never logs or reports header values (signatures).
 */
public final class SafeWebhookSender implements WebhookSender {

    /** Looks a host name up; injectable so tests can play DNS without touching the network. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        static Resolver system() {
            return host -> List.of(InetAddress.getAllByName(host));
        }
    }

    /**
     * @param connect each TCP connect attempt
     * @param read    each wait for bytes from the receiver (SO_TIMEOUT), the TLS handshake included
     * @param total   everything after DNS: connects, handshake, request and answer; the socket is closed then
     */
    public record Timeouts(Duration connect, Duration read, Duration total) {
        public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(15));

        public Timeouts {
            if (connect.toMillis() < 1 || read.toMillis() < 1 || total.toMillis() < 1) {
                throw new IllegalArgumentException("timeouts must be at least a millisecond");
            }
        }
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "webhook-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final boolean allowInsecure;
    private final Timeouts timeouts;
    private final Resolver resolver;
    private final SSLSocketFactory tls;
    private final SocketFactory sockets;

    /** Production: https only, public targets only, default timeouts, system DNS and trust store. */
    public SafeWebhookSender() {
        this(false);
    }

    /** @param allowInsecure the local stack's switch: also {@code http}, and loopback targets (nothing else) */
    public SafeWebhookSender(boolean allowInsecure) {
        this(allowInsecure, Timeouts.DEFAULTS, Resolver.system(), (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public SafeWebhookSender(boolean allowInsecure, Timeouts timeouts, Resolver resolver, SSLSocketFactory tls) {
        this(allowInsecure, timeouts, resolver, tls, SocketFactory.getDefault());
    }

    SafeWebhookSender(boolean allowInsecure, Timeouts timeouts, Resolver resolver, SSLSocketFactory tls,
                      SocketFactory sockets) {
        this.allowInsecure = allowInsecure;
        this.timeouts = timeouts;
        this.resolver = resolver;
        this.tls = tls;
        this.sockets = sockets;
    }

    /** @throws IllegalArgumentException a header the sender sets itself, or a header name or value unfit for HTTP */
    @Override
    public int post(URI url, Map<String, String> headers, String body) {
        WebhookTarget target = WebhookTarget.parse(url, allowInsecure);
        byte[] request = Http11Exchange.request(target, headers, body);
        List<InetAddress> addresses = checkedAddresses(target);
        long deadline = System.nanoTime() + timeouts.total().toNanos();
        Socket socket = connect(target, addresses, deadline);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            closeQuietly(socket);
        }, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        try {
            return exchange(socket, target, request);
        } catch (IOException e) {
            String why = expired.get() ? "gave no complete answer within " + timeouts.total() : "failed: " + e;
            throw new UnreachableException("webhook to " + describe(target) + " " + why, e);
        } finally {
            watchdog.cancel(false);
            closeQuietly(socket);
        }
    }

    /** One request, one status: the socket is closed by the caller whatever happens. */
    private int exchange(Socket socket, WebhookTarget target, byte[] request) throws IOException {
        socket.setSoTimeout((int) Math.min(timeouts.read().toMillis(), Integer.MAX_VALUE));
        Socket channel = target.tls() ? handshake(socket, target) : socket;
        OutputStream out = channel.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = new BufferedInputStream(channel.getInputStream());
        int status = Http11Exchange.readStatus(in);
        Http11Exchange.drain(in, status);
        return status;
    }

    private List<InetAddress> checkedAddresses(WebhookTarget target) {
        List<InetAddress> addresses;
        if (target.literal().isPresent()) {
            addresses = List.of(target.literal().get());
        } else {
            try {
                addresses = resolver.resolve(target.host());
            } catch (UnknownHostException e) {
                throw new UnreachableException("webhook host " + target.host() + " does not resolve", e);
            }
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new UnreachableException("webhook host " + target.host() + " resolves to no address", null);
        }
        for (InetAddress address : addresses) {
            if (!PublicAddresses.isPublic(address) && !(allowInsecure && PublicAddresses.isLoopback(address))) {
                throw new TargetRefusedException("webhook host " + target.host()
                        + " resolves to a non-public address " + address.getHostAddress());
            }
        }
        return addresses;
    }

    /** Tries each checked address in order; never resolves again. */
    private Socket connect(WebhookTarget target, List<InetAddress> addresses, long deadline) {
        IOException failure = null;
        for (InetAddress address : addresses) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            Socket socket = null;
            try {
                socket = sockets.createSocket();
                socket.connect(new InetSocketAddress(address, target.port()),
                        (int) Math.min(Math.min(timeouts.connect().toMillis(), left), Integer.MAX_VALUE));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw new UnreachableException("could not connect to webhook " + describe(target), failure);
    }

    private SSLSocket handshake(Socket socket, WebhookTarget target) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
        ssl.setSSLParameters(tlsParameters(ssl.getSSLParameters(), target));
        ssl.startHandshake();
        return ssl;
    }

    /** The certificate must match the URL's host (or IP literal); a host name is also sent as SNI. */
    static SSLParameters tlsParameters(SSLParameters parameters, WebhookTarget target) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (target.literal().isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));     // checked by WebhookTarget
        }
        return parameters;
    }

    private static String describe(WebhookTarget target) {
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        return host + ":" + target.port();
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort; the exchange is over either way
        }
    }
}
