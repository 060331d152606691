package io.voicegate.app;

import io.voicegate.domain.AccountIds;
import io.voicegate.domain.Adjustment;
import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.FieldError;
import io.voicegate.domain.Money;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.port.AccountStore;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Opens an account with an opening balance and an API key (operators and the local stack use it). */
public class OpenAccount {

    /** The delivery function may send only to queues named so (template.yaml, {@code AccountRecordQueues}). */
    public static final String RECORD_QUEUE_PREFIX = "voicegate-records-";

    private final AccountStore accounts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public OpenAccount(AccountStore accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * An account to open: {@code openingBalance} in µUSD (0 or more), the AWS principals allowed to submit through the
     * SQS intake queue, and optionally the SQS queue that receives its final records.
     */
    public record NewAccount(String accountId, Money openingBalance, List<String> principals,
                             Optional<String> recordQueue) {
    }

    /** An opened account's first key, shown once. */
    public record Opened(String accountId, ApiKeyInfo key, String apiKey) {
    }

    /**
     * Opens an account with a new random API key.
     *
     * @throws ValidationException naming {@code account_id}, {@code initial_balance_micros},
     *                             {@code allowed_principals} or {@code record_queue}
     * @throws AccountStore.AccountExistsException the id is taken
     * @throws AccountStore.PrincipalTakenException a principal already submits for another account (nothing was
     *                                              created)
     */
    public Opened open(NewAccount account) {
        validate(account);
        String apiKey = ApiKeys.generate(random);
        ApiKeyInfo key = open(account.accountId(), apiKey, account.openingBalance(), account.principals());
        account.recordQueue().ifPresent(queue -> accounts.setDeliveryQueue(account.accountId(), queue));
        return new Opened(account.accountId(), key, apiKey);
    }

    /**
     * Opens an account with the given API key.
     *
     * @param principals AWS principals allowed to submit for this account through the SQS intake queue
     * @throws AccountStore.AccountExistsException the id or the key is taken
     * @throws AccountStore.PrincipalTakenException a principal already submits for another account (nothing was
     *                                              created)
     */
    public ApiKeyInfo open(String accountId, String apiKey, Money openingBalance, List<String> principals) {
        return accounts.create(accountId, openingBalance, ApiKeys.hash(apiKey), ApiKeys.last4(apiKey),
                WebhookSecrets.generate(random), principals, clock.instant());
    }

    private static void validate(NewAccount account) {
        List<FieldError> errors = problems(account);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The most principals an account is opened with. */
    public static final int MAX_PRINCIPALS = 25;

    /** What is wrong with an account to open, each problem naming its field; empty when nothing is. */
    public static List<FieldError> problems(NewAccount account) {
        List<FieldError> errors = new ArrayList<>();
        if (account.accountId() == null || !AccountIds.isWellFormed(account.accountId())) {
            errors.add(new FieldError("account_id", "must be 1-" + AccountIds.MAX_LENGTH
                    + " characters of letters, digits and . _ -"));
        }
        if (account.openingBalance().isNegative()
                || account.openingBalance().micros() > Adjustment.MAX_AMOUNT_MICROS) {
            errors.add(new FieldError("initial_balance_micros", "must be a whole number of micro-USD from 0 to "
                    + Adjustment.MAX_AMOUNT_MICROS));
        }
        if (account.principals().size() > MAX_PRINCIPALS) {
            errors.add(new FieldError("allowed_principals", "must list at most " + MAX_PRINCIPALS + " principals"));
        }
        for (int i = 0; i < account.principals().size(); i++) {
            String principal = account.principals().get(i);
            String field = "allowed_principals[" + i + "]";
            if (principal == null) {
                errors.add(new FieldError(field, "must be a string"));
            } else if (principal.isEmpty() || principal.length() > 256) {
                errors.add(new FieldError(field, "must be 1-256 characters"));
            } else if (!principal.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '*')) {
                // a SenderId is an id (AIDA…, AROA…, an account number): no spaces, wildcards or other text
                errors.add(new FieldError(field, "must be printable ASCII without spaces or '*'"));
            } else if (principal.contains(":")) {
                // An assumed role's SenderId is the role id and the session (AROA…:session); the intake finds the
                // account by the role id. A session of its own could take a role's messages from its account.
                errors.add(new FieldError(field, "must be an IAM user or role id (an SQS SenderId without its "
                        + ":session part)"));
            } else if (account.principals().subList(0, i).contains(principal)) {
                errors.add(new FieldError(field, "is listed twice"));
            }
        }
        account.recordQueue().filter(q -> !recordQueue(q)).ifPresent(q -> errors.add(new FieldError("record_queue",
                "must be the URL of an SQS queue whose name starts with " + RECORD_QUEUE_PREFIX)));
        return errors;
    }

    private static boolean recordQueue(String url) {
        try {
            URI uri = URI.create(url);
            String path = uri.getPath() == null ? "" : uri.getPath();
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && path.substring(path.lastIndexOf('/') + 1).startsWith(RECORD_QUEUE_PREFIX);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
