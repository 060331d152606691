package io.voicegate.app;

import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.VoiceNames;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.domain.kling.KlingRejectedException;
import io.voicegate.port.AccountStore;
import io.voicegate.port.KlingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an account manages for itself: its webhook signing secret (read, rotate with a grace period in which the old
 * secret still signs) and the voices it created (list, delete through Kling). Another account's voice is not found.
 */
public class ManageAccount {

    private static final Logger LOG = LoggerFactory.getLogger(ManageAccount.class);

    private final AccountStore accounts;
    private final KlingClient kling;
    private final Duration secretGrace;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ManageAccount(AccountStore accounts, KlingClient kling, Duration secretGrace, Clock clock) {
        this.accounts = accounts;
        this.kling = kling;
        this.secretGrace = secretGrace;
        this.clock = clock;
    }

    public Optional<WebhookSecrets> webhookSecrets(String accountId) {
        return accounts.webhookSecrets(accountId);
    }

    public WebhookSecrets rotateWebhookSecret(String accountId) {
        Instant now = clock.instant();
        return accounts.rotateWebhookSecret(accountId, WebhookSecrets.generate(random), now, now.plus(secretGrace));
    }

    public List<OwnedVoice> voices(String accountId) {
        return accounts.voices(accountId);
    }

    /**
     * Deletes the voice at Kling, then forgets it; once a request's last voice is deleted, its name is free again.
     *
     * @return false when the account owns no such voice
     * @throws io.voicegate.domain.kling.KlingException when Kling could not be asked (nothing changed)
     */
    public boolean deleteVoice(String accountId, String voiceId) {
        Optional<OwnedVoice> owned = accounts.voice(accountId, voiceId);
        if (owned.isEmpty()) {
            return false;
        }
        try {
            kling.deleteVoice(voiceId);
        } catch (KlingRejectedException e) {
            // Kling no longer knows the voice (deleted before, or expired): the end state is the one asked for.
            LOG.info("voice {} was already gone at Kling: {}", voiceId, e.getMessage());
        }
        accounts.forgetVoice(accountId, voiceId);
        String requestId = owned.get().requestId();
        if (accounts.voices(accountId).stream().noneMatch(v -> v.requestId().equals(requestId))) {
            // The request's last voice is gone, so its name is free for a new voice.
            accounts.releaseVoiceName(accountId, VoiceNames.claimKey(owned.get().voice().voiceName()), requestId);
        }
        return true;
    }
}
