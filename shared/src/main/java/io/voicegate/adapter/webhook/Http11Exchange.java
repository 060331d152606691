package io.voicegate.adapter.webhook;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wire side of one webhook POST, written by hand so nothing can follow a redirect, reuse a connection or look a
 * host up again: the request bytes, then the status read back, then at most a small part of the rest.
 */
final class Http11Exchange {

    static final String USER_AGENT = "voicegate-webhooks/1";
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_BODY = 4 * 1024;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-5][0-9]{2})(?: .*)?");
    private static final Set<String> SET_BY_SENDER = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect");

    private Http11Exchange() {
    }

    /**
     * The request bytes: {@code POST}, the target's path and query, {@code Host}, {@code User-Agent} and
     * {@code Content-Type} (both overridable), the caller's headers, {@code Content-Length}, {@code Connection: close}.
     *
     * @throws IllegalArgumentException a header name that is not an HTTP token, a value with CR, LF or another
     *                                  character outside printable ASCII, or a header the sender sets itself
     */
    static byte[] request(WebhookTarget target, Map<String, String> headers, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(checkedTarget(target.requestTarget())).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.hostHeader()).append("\r\n");
        if (!containsIgnoringCase(headers, "user-agent")) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        if (!containsIgnoringCase(headers, "content-type")) {
            head.append("Content-Type: application/json\r\n");
        }
        headers.forEach((name, value) -> head.append(checkedName(name)).append(": ")
                .append(checkedValue(name, value)).append("\r\n"));
        head.append("Content-Length: ").append(payload.length).append("\r\n")
                .append("Connection: close\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[start.length + payload.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(payload, 0, request, start.length, payload.length);
        return request;
    }

    /**
     * Reads the final status, skipping interim {@code 1xx} answers (other than 101).
     *
     * @throws IOException the connection closed or timed out first, or the answer is not HTTP/1.x
     */
    static int readStatus(InputStream in) throws IOException {
        while (true) {
            Matcher status = STATUS_LINE.matcher(readLine(in));
            if (!status.matches()) {
                throw new ProtocolException("the answer does not start with an HTTP/1.x status line");
            }
            int code = Integer.parseInt(status.group(1));
            if (code >= 200 || code == 101) {
                return code;
            }
            readHeaders(in);
        }
    }

    /** After the status: reads the headers and at most {@link #MAX_BODY} bytes of the body; failures do not matter. */
    static void drain(InputStream in, int status) {
        try {
            long contentLength = readHeaders(in);
            if (status == 204 || status == 304 || status == 101) {
                return;
            }
            long limit = contentLength < 0 ? MAX_BODY : Math.min(contentLength, MAX_BODY);
            in.readNBytes((int) limit);
        } catch (IOException e) {
            // The status is the answer; the rest is read only to end the exchange politely.
        }
    }

    /** @return the Content-Length, or -1 when absent or unusable */
    private static long readHeaders(InputStream in) throws IOException {
        long contentLength = -1;
        int total = 0;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new ProtocolException("response headers are larger than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                try {
                    contentLength = Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    contentLength = -1;
                }
            }
        }
        return contentLength;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("the receiver closed the connection mid-answer");
            }
            if (line.size() == MAX_LINE) {
                throw new ProtocolException("a response line is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String checkedTarget(String requestTarget) {
        for (int i = 0; i < requestTarget.length(); i++) {
            char c = requestTarget.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("the webhook URL's path has a character not allowed in HTTP");
            }
        }
        return requestTarget;
    }

    private static String checkedName(String name) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("not an HTTP header name: " + name);
        }
        if (SET_BY_SENDER.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is set by the sender");
        }
        return name;
    }

    /** Never puts the value in the message: webhook headers carry signatures. */
    private static String checkedValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has no value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                throw new IllegalArgumentException("header " + name
                        + " has a character not allowed in an HTTP header value (CR, LF, a control or non-ASCII)");
            }
        }
        return value;
    }

    private static boolean containsIgnoringCase(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }
}
