package io.voicegate.adapter.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A resolver that answers from a table and remembers what it was asked; unknown names do not resolve. */
final class FakeDns implements SafeWebhookSender.Resolver {

    final List<String> lookups = new ArrayList<>();
    private final Map<String, List<InetAddress>> table = new HashMap<>();

    FakeDns with(String host, String... addresses) {
        List<InetAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            parsed.add(address(address));
        }
        table.put(host, parsed);
        return this;
    }

    FakeDns with(String host, InetAddress address) {
        table.put(host, List.of(address));
        return this;
    }

    @Override
    public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<InetAddress> addresses = table.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    /** Parses an IP literal (never a name, so never a real lookup). */
    static InetAddress address(String literal) {
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not a literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
