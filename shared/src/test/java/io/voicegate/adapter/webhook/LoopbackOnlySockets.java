package io.voicegate.adapter.webhook;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sender's plain sockets in tests: records every connect attempt and lets only loopback ones happen, so a test can
 * never send traffic off this machine, even when the code under test is wrong.
 */
final class LoopbackOnlySockets extends SocketFactory {

    final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                InetSocketAddress target = (InetSocketAddress) endpoint;
                attempts.add(target);
                if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
                    throw new ConnectException("tests never connect off this machine: " + target);
                }
                super.connect(endpoint, timeout);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("the sender must connect to checked addresses only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("the sender must connect to checked addresses only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("the sender must connect through connect(address, timeout)");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("the sender must connect through connect(address, timeout)");
    }
}
