package io.voicegate.port;

import io.voicegate.domain.ApiKeyInfo;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.WebhookSecrets;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Accounts: balances, ledger entries, API-key hashes and the AWS principals allowed to submit through SQS. */
public interface AccountStore {

    /** The account an API key (given by its SHA-256) belongs to. */
    Optional<String> accountForKeyHash(String apiKeyHash);

    /** The account an AWS principal (an SQS {@code SenderId}) may submit for. */
    Optional<String> accountForPrincipal(String principal);

    /** The account's balance and its most recent ledger entries, newest first. */
    Optional<AccountSnapshot> snapshot(String accountId, int ledgerLimit);

    /**
     * Creates an account with an opening balance (µUSD) and its first API key (by hash, with its last four
     * characters for listings), and no principal.
     *
     * @return the key as listed
     * @throws AccountExistsException when the account or the key hash is already taken
     */
    default ApiKeyInfo create(String accountId, Money openingBalance, String apiKeyHash, String last4,
                              String webhookSecret, Instant now) {
        return create(accountId, openingBalance, apiKeyHash, last4, webhookSecret, List.of(), now);
    }

    /**
     * Creates an account with an opening balance (µUSD), its first API key (by hash, with its last four characters
     * for listings) and the AWS principals allowed to submit for it, all or nothing.
     *
     * @return the key as listed
     * @throws AccountExistsException  when the account or the key hash is already taken
     * @throws PrincipalTakenException when a principal already submits for another account (nothing was created)
     */
    ApiKeyInfo create(String accountId, Money openingBalance, String apiKeyHash, String last4, String webhookSecret,
                      List<String> principals, Instant now);

    /** The account's webhook signing secrets. */
    Optional<WebhookSecrets> webhookSecrets(String accountId);

    /**
     * Makes {@code newSecret} current at {@code now}; the secret it replaces keeps signing until {@code previousUntil},
     * and the ones replaced earlier keep their grace ({@link WebhookSecrets#rotated}).
     *
     * @return the secrets after the rotation
     */
    WebhookSecrets rotateWebhookSecret(String accountId, String newSecret, Instant now, Instant previousUntil);

    /** The SQS queue that receives every final record of the account, if its operator configured one. */
    Optional<String> deliveryQueue(String accountId);

    /**
     * What delivering a final record needs of the account, in one read: its webhook signing secrets and the SQS
     * queue it receives final records on, if any.
     */
    default DeliverySettings deliverySettings(String accountId) {
        return new DeliverySettings(webhookSecrets(accountId), deliveryQueue(accountId));
    }

    /** The account's webhook secrets and record queue (both empty for an account that does not exist). */
    record DeliverySettings(Optional<WebhookSecrets> webhookSecrets, Optional<String> queue) {
    }

    /** Sends every final record of the account to this SQS queue as well (an operator setting). */
    void setDeliveryQueue(String accountId, String queueUrl);

    /** The voices the account owns. */
    List<OwnedVoice> voices(String accountId);

    Optional<OwnedVoice> voice(String accountId, String voiceId);

    void forgetVoice(String accountId, String voiceId);

    /**
     * Frees a voice name of the account ({@link io.voicegate.domain.VoiceNames#claimKey} form), only if the claim is
     * still the one {@code requestId} made; otherwise (already freed, or claimed again since) nothing changes.
     */
    void releaseVoiceName(String accountId, String voiceNameKey, String requestId);

    /**
     * Allows an AWS principal (an SQS {@code SenderId}) to submit for the account. A principal submits for one account
     * only; allowing it again for the same account changes nothing.
     *
     * @throws PrincipalTakenException another account has the principal (it stays that account's)
     */
    void allowPrincipal(String accountId, String principal);

    record AccountSnapshot(String accountId, Money balance, Instant createdAt, List<LedgerEntry> recentEntries) {
    }

    /** The principal already submits for another account, {@code owner}. */
    class PrincipalTakenException extends RuntimeException {
        private final String principal;
        private final String owner;

        public PrincipalTakenException(String principal, String owner) {
            super("principal " + principal + " already submits for account " + owner);
            this.principal = principal;
            this.owner = owner;
        }

        public String principal() {
            return principal;
        }

        public String owner() {
            return owner;
        }
    }

    class AccountExistsException extends RuntimeException {
        public AccountExistsException(String accountId) {
            super("account " + accountId + " or its key already exists");
        }
    }
}
