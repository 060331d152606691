package io.voicegate.port;

import java.net.URI;
import java.util.Map;

/**
 * POSTs a webhook to a client's URL. Implementations refuse targets that are not public (checked on every attempt,
 * on the resolved addresses, and connecting to the address that was checked), never follow redirects, time out on
 * connect and read, and read at most a small part of the response.
 */
public interface WebhookSender {

    /**
     * @return the HTTP status the receiver answered
     * @throws TargetRefusedException the URL is not allowed (scheme, or a host resolving to a non-public address)
     * @throws UnreachableException   no answer: DNS failure, connection refused or reset, timeout
     */
    int post(URI url, Map<String, String> headers, String body);

    class TargetRefusedException extends RuntimeException {
        public TargetRefusedException(String message) {
            super(message);
        }
    }

    class UnreachableException extends RuntimeException {
        public UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
