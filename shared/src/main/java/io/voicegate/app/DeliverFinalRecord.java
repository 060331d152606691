package io.voicegate.app;

import io.voicegate.domain.BillingState;
import io.voicegate.domain.Request;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.port.AccountStore;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.FinalRecords;
import io.voicegate.port.RecordQueues;
import io.voicegate.port.RequestStore;
import io.voicegate.port.WebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Delivers a settled request's final record: to the account's SQS queue when it has one, and to the request's
 * webhook URL signed per Standard Webhooks with every active secret of the account. The {@code webhook-id} is the
 * same on every attempt, so receivers can drop duplicates. 2xx is delivered; 410 means the receiver wants no more;
 * anything else is retried by the caller.
 */
public class DeliverFinalRecord {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverFinalRecord.class);

    public enum Result { DELIVERED, NOTHING_TO_DELIVER, GONE, REFUSED, RETRY }

    private final RequestStore requests;
    private final AccountStore accounts;
    private final FinalRecords records;
    private final WebhookSender sender;
    private final RecordQueues queues;
    private final Clock clock;

    public DeliverFinalRecord(RequestStore requests, AccountStore accounts, FinalRecords records,
                              WebhookSender sender, RecordQueues queues, Clock clock) {
        this.requests = requests;
        this.accounts = accounts;
        this.records = records;
        this.sender = sender;
        this.queues = queues;
        this.clock = clock;
    }

    /** The {@code webhook-id} of a request's final webhook: stable across retries. */
    public static String webhookId(String requestId) {
        return "msg_" + requestId.replace("-", "");
    }

    public Result deliver(String requestId) {
        Optional<Request> found = requests.find(requestId);
        if (found.isEmpty() || !found.get().status().isTerminal()
                || found.get().billing().state() == BillingState.HELD) {
            LOG.warn("request {} is not ready for delivery; dropped", requestId);
            return Result.NOTHING_TO_DELIVER;
        }
        Request request = found.get();
        String body = records.render(request);
        try {
            accounts.deliveryQueue(request.accountId()).ifPresent(queue -> queues.send(queue, requestId, body));
        } catch (DispatchQueue.QueueUnavailableException e) {
            LOG.warn("request {}: the account's queue could not be reached; retrying", requestId);
            return Result.RETRY;
        }
        if (request.webhookUrl().isEmpty()) {
            return Result.DELIVERED;
        }
        return post(request, body);
    }

    private Result post(Request request, String body) {
        Instant now = clock.instant();
        String id = webhookId(request.requestId());
        long timestamp = now.getEpochSecond();
        WebhookSecrets secrets = accounts.webhookSecrets(request.accountId()).orElseThrow(() ->
                new IllegalStateException("account " + request.accountId() + " has no webhook secret"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", secrets.signingAt(now).stream()
                .map(secret -> StandardWebhooks.sign(secret, id, timestamp, body)).collect(Collectors.joining(" ")));
        try {
            int status = sender.post(URI.create(request.webhookUrl().get()), headers, body);
            if (status >= 200 && status < 300) {
                return Result.DELIVERED;
            }
            if (status == 410) {
                LOG.info("request {}: the webhook receiver answered 410 Gone; no more attempts", request.requestId());
                return Result.GONE;
            }
            LOG.info("request {}: the webhook receiver answered {}; retrying", request.requestId(), status);
            return Result.RETRY;
        } catch (WebhookSender.TargetRefusedException e) {
            LOG.warn("request {}: webhook target refused ({}); not delivered", request.requestId(), e.getMessage());
            return Result.REFUSED;
        } catch (WebhookSender.UnreachableException e) {
            LOG.info("request {}: webhook receiver unreachable ({}); retrying", request.requestId(), e.getMessage());
            return Result.RETRY;
        }
    }
}
