package io.voicegate.app;

import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.AccountSuspendedException;
import io.voicegate.domain.IdempotencyConflictException;
import io.voicegate.domain.IdempotencyInFlightException;
import io.voicegate.domain.IdempotencyKeys;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.Source;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.port.AccountStore;
import io.voicegate.port.DeadLetters;
import io.voicegate.port.IdempotencyStore;
import io.voicegate.port.Metrics;
import io.voicegate.port.RequestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Takes one message from the SQS intake queue. The sender's AWS principal names the account. A valid message is
 * submitted exactly as over HTTP, keyed for idempotency by its message id (or an explicit key), so a redelivery is a
 * no-op. A message that cannot succeed is never retried: an invalid or unaffordable one, one whose
 * {@code Idempotency-Key} attribute breaks the HTTP header's rule, one reusing a key with another body, or one naming a voice the account already has live becomes a
 * failed request with a stable {@code error_code} and no charge (recorded once); one with no known account is parked
 * in the dead-letter queue with the reason.
 */
public class AcceptIntakeMessage {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptIntakeMessage.class);
    /** The longest {@code Idempotency-Key}, the same as over HTTP. */
    public static final int MAX_IDEMPOTENCY_KEY = IdempotencyKeys.MAX_LENGTH;

    private final SubmitRequest submit;
    private final AccountStore accounts;
    private final RequestStore requests;
    private final IdempotencyStore idempotency;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Metrics metrics;

    /** @param metrics counts each refused message recorded as a failed request, by its {@code error_code} */
    public AcceptIntakeMessage(SubmitRequest submit, AccountStore accounts, RequestStore requests,
                               IdempotencyStore idempotency, DeadLetters deadLetters, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.submit = submit;
        this.accounts = accounts;
        this.requests = requests;
        this.idempotency = idempotency;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public enum Result { SUBMITTED, REPLAYED, REJECTED, PARKED }

    /**
     * @throws IdempotencyInFlightException a duplicate of this message is being processed: retry it later
     * @throws RuntimeException any infrastructure failure: the message should be retried
     */
    public Result accept(IntakeMessage message) {
        Optional<String> account = message.senderId().flatMap(this::accountFor);
        if (account.isEmpty()) {
            String reason = message.senderId().isEmpty() ? "message has no SenderId attribute"
                    : "no account allows the sender principal " + message.senderId().get();
            Map<String, String> context = new LinkedHashMap<>();
            context.put("message_id", message.messageId());
            message.senderId().ifPresent(sender -> context.put("sender_id", sender));
            deadLetters.park(message.body().text(), context, reason);
            LOG.warn("intake message {} parked: {}", message.messageId(), reason);
            return Result.PARKED;
        }
        SubmitCommand byMessage = new SubmitCommand(account.get(), Source.SQS, message.body(),
                Optional.of(message.messageIdKey()));
        Optional<String> keyProblem = message.explicitIdempotencyKey().flatMap(AcceptIntakeMessage::keyProblem);
        if (keyProblem.isPresent()) {
            record(byMessage, Outcome.failure(ErrorCodes.INVALID_IDEMPOTENCY_KEY, keyProblem.get()));
            return Result.REJECTED;
        }
        SubmitCommand command = new SubmitCommand(account.get(), Source.SQS, message.body(),
                Optional.of(message.idempotencyKey()));
        try {
            return submit.submit(command).replayed() ? Result.REPLAYED : Result.SUBMITTED;
        } catch (ValidationException e) {
            record(command, Outcome.failure(ErrorCodes.INVALID_REQUEST, e.getMessage()));
        } catch (InsufficientBalanceException e) {
            record(command, Outcome.failure(ErrorCodes.INSUFFICIENT_BALANCE,
                    "The account balance does not cover the pre-charge"));
        } catch (VoiceNameTakenException e) {
            record(command, Outcome.failure(ErrorCodes.VOICE_NAME_TAKEN,
                    "The account already has a live voice named like payload.voice_name; nothing was charged"));
        } catch (IdempotencyConflictException e) {
            // The key belongs to another request: this message is recorded under its own id, once.
            record(byMessage, Outcome.failure(ErrorCodes.IDEMPOTENCY_KEY_REUSED,
                    "The Idempotency-Key attribute was already used with a different body; nothing was charged"));
        } catch (AccountSuspendedException e) {
            record(command, Outcome.failure(ErrorCodes.ACCOUNT_SUSPENDED, "The account is suspended"));
        }
        return Result.REJECTED;
    }

    /** The HTTP header's rule ({@link IdempotencyKeys}), for the {@code Idempotency-Key} message attribute. */
    private static Optional<String> keyProblem(String key) {
        return IdempotencyKeys.problem(key)
                .map(problem -> "The Idempotency-Key attribute " + problem + "; nothing was charged");
    }

    /** The principal as sent, or for an assumed-role session ({@code AROA…:session}) the role id before the colon. */
    private Optional<String> accountFor(String senderId) {
        Optional<String> exact = accounts.accountForPrincipal(senderId);
        int colon = senderId.indexOf(':');
        return exact.isPresent() || colon < 0 ? exact : accounts.accountForPrincipal(senderId.substring(0, colon));
    }

    /** Records the refused message as a failed request with no charge, once, under the message's idempotency key. */
    private void record(SubmitCommand command, Outcome outcome) {
        SubmitRequest.Claimed claimed = submit.claim(command, clock.instant());
        if (claimed.replay().isPresent()) {
            return;
        }
        IdempotencyRecord claim = claimed.claim();
        Fields fields = Fields.bestEffort(command.body().readable().orElse(null));
        // The webhook of a refused message is not used: it may be the very field that failed validation.
        Request rejected = Request.rejected(claim.requestId(), command.accountId(), Source.SQS, fields.model(),
                fields.payload(), Optional.empty(), outcome, clock.instant());
        try {
            requests.insert(rejected, Optional.empty(), Optional.of(claim));
            metrics.requestFailed(outcome.errorCode().orElseThrow());
        } catch (RequestStore.RequestExistsException e) {
            idempotency.complete(claim);
        }
    }

    /** The string fields of a refused body that are worth showing back on its record, clipped. */
    private record Fields(String model, Map<String, String> payload) {

        static Fields bestEffort(Object body) {
            Map<String, String> payload = new LinkedHashMap<>();
            if (!(body instanceof Map<?, ?> root)) {
                return new Fields("", payload);
            }
            if (root.get("payload") instanceof Map<?, ?> fields) {
                for (String name : Request.PAYLOAD_FIELDS) {
                    if (fields.get(name) instanceof String value) {
                        payload.put(name, clip(value));
                    }
                }
            }
            String model = root.get("model") instanceof String m ? clip(m) : "";
            return new Fields(model, payload);
        }

        private static String clip(String value) {
            return value.length() <= 2048 ? value : value.substring(0, 2048);
        }
    }
}
