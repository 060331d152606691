package io.voicegate.app;

import io.voicegate.domain.Backoff;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.DeliveryAttempt;
import io.voicegate.domain.Request;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.port.AccountStore;
import io.voicegate.port.DeadLetters;
import io.voicegate.port.DeliveryLog;
import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.FinalRecords;
import io.voicegate.port.Metrics;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.RecordQueues;
import io.voicegate.port.RequestStore;
import io.voicegate.port.WebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Delivers a settled request's final record: to the account's SQS queue when it has one, and to the request's
 * webhook URL signed per Standard Webhooks with every active secret of the account. The {@code webhook-id} is the
 * same on every attempt, so receivers can drop duplicates. 2xx is delivered; 410 means the receiver wants no more
 * (the delivery is parked in the dead-letter queue);
 * anything else is retried by the caller. Every webhook attempt is numbered (the {@value #ATTEMPT_HEADER} header)
 * and recorded with its answer, its duration and when the next attempt is due; a client can read them and re-send.
 */
public class DeliverFinalRecord {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverFinalRecord.class);

    public enum Result { DELIVERED, NOTHING_TO_DELIVER, GONE, REFUSED, RETRY }

    /** An attempt's result, and for a retry how long the queue should wait before the next attempt. */
    public record Delivery(Result result, Optional<Duration> retryIn) {
    }

    /** The client asked to re-send a request that has no final record yet, or no webhook to send it to. */
    public static class NotResendableException extends RuntimeException {
        public NotResendableException(String message) {
            super(message);
        }
    }

    /** The header carrying an attempt's number (from 1) on every POST. */
    public static final String ATTEMPT_HEADER = "voicegate-attempt";

    private final RequestStore requests;
    private final AccountStore accounts;
    private final FinalRecords records;
    private final WebhookSender sender;
    private final RecordQueues queues;
    private final Clock clock;
    private final DeliveryLog log;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Random random;
    private final DeadLetters gone;
    private final Metrics metrics;

    /** Where a {@code 410 Gone} would be parked when no dead-letter queue is wired (the API's manual re-sends). */
    public static final DeadLetters NO_PARKING = (body, context, reason) -> { };

    /**
     * @param log         where every webhook attempt is recorded
     * @param backoff     the delay before the next automatic attempt, by the number of receives so far
     * @param maxAttempts the delivery queue's {@code maxReceiveCount}: after that attempt the message is parked in
     *                    the dead-letter queue, so no next attempt is announced
     * @param gone        where an automatic attempt answered {@code 410 Gone} parks the delivery (the delivery
     *                    dead-letter queue, with the reason), so an operator sees it and a client can re-send it
     * @param metrics     counts each webhook attempt by whether it was delivered, and each parked delivery
     */
    public DeliverFinalRecord(RequestStore requests, AccountStore accounts, FinalRecords records,
                              WebhookSender sender, RecordQueues queues, DeliveryLog log, Backoff backoff,
                              int maxAttempts, Random random, DeadLetters gone, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.gone = gone;
        this.log = log;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.random = random;
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
        return deliver(requestId, 1).result();
    }

    /** One automatic attempt, the {@code receives}-th of the delivery message, reading the request. */
    public Delivery deliver(String requestId, int receives) {
        return deliver(requestId, Optional.empty(), receives);
    }

    /**
     * One automatic attempt, the {@code receives}-th of the delivery message.
     *
     * @param carried the final record the delivery message carries (then the request is not read); empty for a
     *                message that names the request only
     * @return the result; for {@link Result#RETRY} the delay before the next attempt, which the attempt's record
     * announces (absent after the last attempt: the queue parks the message)
     */
    public Delivery deliver(String requestId, Optional<DeliveryQueue.FinalRecord> carried, int receives) {
        Optional<DeliveryQueue.FinalRecord> found = carried.or(() -> requests.find(requestId)
                .filter(r -> r.status().isTerminal() && r.billing().state() != BillingState.HELD)
                .map(this::finalRecord));
        if (found.isEmpty()) {
            LOG.warn("request {} is not ready for delivery; dropped", requestId);
            return new Delivery(Result.NOTHING_TO_DELIVER, Optional.empty());
        }
        DeliveryQueue.FinalRecord record = found.get();
        AccountStore.DeliverySettings settings = accounts.deliverySettings(record.accountId());
        try {
            settings.queue().ifPresent(queue -> queues.send(queue, requestId, record.body()));
        } catch (QueueUnavailableException e) {
            LOG.warn("request {}: the account's queue could not be reached; retrying", requestId);
            return new Delivery(Result.RETRY, Optional.of(backoff.delay(receives, random)));
        }
        if (record.webhookUrl().isEmpty()) {
            return new Delivery(Result.DELIVERED, Optional.empty());
        }
        Optional<Duration> retryIn = receives < maxAttempts ? Optional.of(backoff.delay(receives, random))
                : Optional.empty();
        Result result = post(record, settings, DeliveryAttempt.Trigger.RETRY, retryIn).result();
        if (result == Result.GONE) {
            try {
                gone.park(requestId, Map.of("request_id", requestId, "webhook_status", "410"),
                        "the webhook receiver answered 410 Gone");
            } catch (QueueUnavailableException e) {
                LOG.warn("request {}: a 410 could not be parked; retrying", requestId);
                return new Delivery(Result.RETRY, Optional.of(backoff.delay(receives, random)));
            }
            metrics.deliveryParked(Metrics.ParkReason.GONE);
        } else if (result == Result.RETRY && retryIn.isEmpty()) {
            metrics.deliveryParked(Metrics.ParkReason.ATTEMPTS_EXHAUSTED);
        }
        return new Delivery(result, result == Result.RETRY ? retryIn : Optional.empty());
    }

    private DeliveryQueue.FinalRecord finalRecord(Request request) {
        return new DeliveryQueue.FinalRecord(request.requestId(), request.accountId(), request.webhookUrl(),
                records.render(request));
    }

    /**
     * Re-sends the final record of the account's request to its webhook now, once, as a {@code manual} attempt (the
     * same {@code webhook-id}, a fresh signature), also after the automatic attempts were exhausted.
     *
     * @return the attempt; empty when the account has no such request
     * @throws NotResendableException the request is not terminal and settled yet, or has no webhook
     */
    public Optional<DeliveryAttempt> resend(String accountId, String requestId) {
        Optional<Request> found = requests.find(requestId).filter(r -> r.accountId().equals(accountId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Request request = found.get();
        if (!request.status().isTerminal() || request.billing().state() == BillingState.HELD) {
            throw new NotResendableException("The request has no final record yet; it is sent once it has ended.");
        }
        if (request.webhookUrl().isEmpty()) {
            throw new NotResendableException("The request has no webhook to send its final record to.");
        }
        // The attempt this call made, not the log's latest: re-sends may run concurrently.
        return Optional.of(post(finalRecord(request), accounts.deliverySettings(accountId),
                DeliveryAttempt.Trigger.MANUAL, Optional.empty()).attempt());
    }

    /** The attempts made to deliver the account's request, first first; empty when it has no such request. */
    public Optional<List<DeliveryAttempt>> attempts(String accountId, String requestId) {
        return requests.find(requestId).filter(r -> r.accountId().equals(accountId))
                .map(r -> log.attempts(requestId));
    }

    /** One webhook POST, recorded: its result and the attempt as the log keeps it. */
    private record Posted(Result result, DeliveryAttempt attempt) {
    }

    private Posted post(DeliveryQueue.FinalRecord record, AccountStore.DeliverySettings settings,
                        DeliveryAttempt.Trigger trigger, Optional<Duration> retryIn) {
        int attempt = log.nextAttempt(record.requestId());
        Instant now = clock.instant();
        Result result;
        Optional<Integer> status = Optional.empty();
        Optional<String> error = Optional.empty();
        try {
            status = Optional.of(send(record, settings, attempt, now));
            result = resultOf(record, status.get());
        } catch (WebhookSender.TargetRefusedException e) {
            LOG.warn("request {}: webhook target refused ({}); not delivered", record.requestId(), e.getMessage());
            error = Optional.of(DeliveryAttempt.TARGET_REFUSED);
            result = Result.REFUSED;
        } catch (WebhookSender.UnreachableException e) {
            LOG.info("request {}: webhook receiver unreachable ({}); {} attempt {}", record.requestId(),
                    e.getMessage(), trigger.wireName(), attempt);
            error = Optional.of(DeliveryAttempt.UNREACHABLE);
            result = Result.RETRY;
        }
        Instant end = clock.instant();
        metrics.webhookAttempted(result == Result.DELIVERED);
        Optional<Instant> next = result == Result.RETRY && trigger == DeliveryAttempt.Trigger.RETRY
                ? retryIn.map(end::plus) : Optional.empty();
        DeliveryAttempt made = new DeliveryAttempt(attempt, now, trigger, status, error,
                Duration.between(now, end).toMillis(), next);
        log.record(record.requestId(), made);
        return new Posted(result, made);
    }

    private static Result resultOf(DeliveryQueue.FinalRecord record, int status) {
        if (status >= 200 && status < 300) {
            return Result.DELIVERED;
        }
        if (status == 410) {
            LOG.info("request {}: the webhook receiver answered 410 Gone; no more attempts", record.requestId());
            return Result.GONE;
        }
        LOG.info("request {}: the webhook receiver answered {}", record.requestId(), status);
        return Result.RETRY;
    }

    private int send(DeliveryQueue.FinalRecord record, AccountStore.DeliverySettings settings, int attempt,
                     Instant now) {
        String id = webhookId(record.requestId());
        long timestamp = now.getEpochSecond();
        String body = record.body();
        WebhookSecrets secrets = settings.webhookSecrets().orElseThrow(() ->
                new IllegalStateException("account " + record.accountId() + " has no webhook secret"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", secrets.signingAt(now).stream()
                .map(secret -> StandardWebhooks.sign(secret, id, timestamp, body)).collect(Collectors.joining(" ")));
        headers.put(ATTEMPT_HEADER, Integer.toString(attempt));
        return sender.post(URI.create(record.webhookUrl().get()), headers, body);
    }
}
