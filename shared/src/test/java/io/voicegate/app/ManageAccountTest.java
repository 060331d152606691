package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.Source;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.domain.VoiceNames;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.domain.kling.KlingException;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.json.JsonBodyDecoder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an account manages itself, on the fakes: its webhook secret (rotated with a grace in which the old one still
 * signs) and the voices its requests created (listed and deleted only by their owner; the last voice of a request
 * deleted frees its name).
 */
class ManageAccountTest {

    private static final String OTHER = "globex";
    private static final Duration GRACE = Duration.ofHours(24);

    private final Gateway gateway = new Gateway();
    private final ManageAccount manage = new ManageAccount(gateway.accounts, gateway.kling, GRACE, gateway.clock);

    ManageAccountTest() {
        gateway.accounts.create(OTHER, Money.ofMicros(Gateway.OPENING), ApiKeys.hash("vg_other_key"), "_key",
                "whsec_b3RoZXI=", gateway.clock.instant());
    }

    private String submit(String name) {
        return gateway.submitRequest().submit(new SubmitCommand(Gateway.ACCOUNT, Source.HTTP,
                JsonBodyDecoder.read(Gateway.body(name)), Optional.empty())).request().requestId();
    }

    /** A voice the account owns: a request for it submitted, sent to Kling, finished there and settled. */
    private OwnedVoice voiceOf(String accountId, String name) {
        String id = gateway.submitRequest().submit(new SubmitCommand(accountId, Source.HTTP,
                JsonBodyDecoder.read(Gateway.body(name)), Optional.empty())).request().requestId();
        gateway.dispatchRequest().dispatch(id, false);
        gateway.kling.finish(id);
        gateway.applyKlingTask().apply(id, gateway.kling.findByExternalTaskId(id).orElseThrow());
        gateway.settleRequest().settle(id);
        return gateway.accounts.voices(accountId).stream().filter(v -> v.requestId().equals(id)).findFirst()
                .orElseThrow();
    }

    @Test
    void anAccountReadsItsOwnWebhookSecretWithNoPreviousOne() {
        WebhookSecrets secrets = manage.webhookSecrets(Gateway.ACCOUNT).orElseThrow();

        assertThat(secrets.current()).isEqualTo("whsec_dGVzdA==");
        assertThat(secrets.previous()).isEmpty();
        assertThat(manage.webhookSecrets(OTHER).orElseThrow().current()).isEqualTo("whsec_b3RoZXI=");
        assertThat(manage.webhookSecrets("nobody")).isEmpty();
    }

    @Test
    void rotatingKeepsTheOldSecretSigningUntilTheGraceEndsThenOnlyTheNewOne() {
        Instant rotatedAt = gateway.clock.instant();

        WebhookSecrets rotated = manage.rotateWebhookSecret(Gateway.ACCOUNT);

        assertThat(rotated.current()).startsWith("whsec_").isNotEqualTo("whsec_dGVzdA==");
        assertThat(rotated.previous()).extracting(WebhookSecrets.Previous::secret).containsExactly("whsec_dGVzdA==");
        assertThat(rotated.previousUntil()).contains(rotatedAt.plus(GRACE));
        assertThat(manage.webhookSecrets(Gateway.ACCOUNT)).contains(rotated);
        assertThat(rotated.signingAt(rotatedAt.plus(GRACE).minusSeconds(1)))
                .containsExactly(rotated.current(), "whsec_dGVzdA==");
        assertThat(rotated.signingAt(rotatedAt.plus(GRACE))).containsExactly(rotated.current());
        assertThat(manage.webhookSecrets(OTHER).orElseThrow().previous()).as("another account is untouched").isEmpty();
    }

    /** A rotation retried after its answer was lost (or a second one soon after) cuts no secret's grace short. */
    @Test
    void rotatingTwiceKeepsBothReplacedSecretsEachUntilItsOwnGraceEnds() {
        Instant firstAt = gateway.clock.instant();
        WebhookSecrets first = manage.rotateWebhookSecret(Gateway.ACCOUNT);
        gateway.clock.advance(Duration.ofHours(2));

        WebhookSecrets second = manage.rotateWebhookSecret(Gateway.ACCOUNT);

        assertThat(second.current()).isNotEqualTo(first.current());
        assertThat(second.signingAt(gateway.clock.instant()))
                .containsExactly(second.current(), first.current(), "whsec_dGVzdA==");
        assertThat(second.signingAt(firstAt.plus(GRACE))).as("after the first rotation's grace")
                .containsExactly(second.current(), first.current());
        assertThat(second.previousUntil()).contains(gateway.clock.instant().plus(GRACE));
    }

    @Test
    void eachAccountListsOnlyTheVoicesItsOwnRequestsCreated() {
        OwnedVoice mine = voiceOf(Gateway.ACCOUNT, "ada");
        OwnedVoice theirs = voiceOf(OTHER, "ada");

        assertThat(manage.voices(Gateway.ACCOUNT)).containsExactly(mine);
        assertThat(manage.voices(OTHER)).containsExactly(theirs);
        assertThat(mine.voice().voiceName()).isEqualTo("ada");
        assertThat(manage.voices("nobody")).isEmpty();
    }

    @Test
    void deletingAVoiceItOwnsDeletesItAtKlingForgetsItAndFreesItsName() {
        OwnedVoice ada = voiceOf(Gateway.ACCOUNT, "ada");
        OwnedVoice bea = voiceOf(Gateway.ACCOUNT, "bea");
        assertThatThrownBy(() -> submit("ada")).isInstanceOf(VoiceNameTakenException.class);

        boolean deleted = manage.deleteVoice(Gateway.ACCOUNT, ada.voice().voiceId());

        assertThat(deleted).isTrue();
        assertThat(gateway.kling.deletedVoices()).containsExactly(ada.voice().voiceId());
        assertThat(manage.voices(Gateway.ACCOUNT)).containsExactly(bea);
        assertThat(gateway.store.voiceNameHolder(Gateway.ACCOUNT, VoiceNames.claimKey("ada"))).isEmpty();
        assertThat(gateway.store.voiceNameHolder(Gateway.ACCOUNT, VoiceNames.claimKey("bea")))
                .contains(bea.requestId());
        long before = gateway.store.balance(Gateway.ACCOUNT);
        submit("ada");
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).as("the freed name is charged as any new request")
                .isEqualTo(before - 70_000);
    }

    @Test
    void deletingAnotherAccountsVoiceReturnsFalseAndChangesNothing() {
        OwnedVoice theirs = voiceOf(OTHER, "ada");

        boolean deleted = manage.deleteVoice(Gateway.ACCOUNT, theirs.voice().voiceId());

        assertThat(deleted).isFalse();
        assertThat(gateway.kling.deletedVoices()).isEmpty();
        assertThat(manage.voices(OTHER)).containsExactly(theirs);
        assertThat(gateway.store.voiceNameHolder(OTHER, VoiceNames.claimKey("ada"))).contains(theirs.requestId());
    }

    @Test
    void deletingAnUnknownOrAlreadyDeletedVoiceReturnsFalse() {
        OwnedVoice ada = voiceOf(Gateway.ACCOUNT, "ada");
        manage.deleteVoice(Gateway.ACCOUNT, ada.voice().voiceId());

        assertThat(manage.deleteVoice(Gateway.ACCOUNT, ada.voice().voiceId())).isFalse();
        assertThat(manage.deleteVoice(Gateway.ACCOUNT, "v-unknown")).isFalse();
        assertThat(gateway.kling.deletedVoices()).containsExactly(ada.voice().voiceId());
    }

    @Test
    void aVoiceKlingNoLongerKnowsIsForgottenAllTheSame() {
        OwnedVoice ada = voiceOf(Gateway.ACCOUNT, "ada");
        gateway.kling.deleteVoice(ada.voice().voiceId()); // deleted at Kling by other means

        boolean deleted = manage.deleteVoice(Gateway.ACCOUNT, ada.voice().voiceId());

        assertThat(deleted).isTrue();
        assertThat(manage.voices(Gateway.ACCOUNT)).isEmpty();
        assertThat(gateway.store.voiceNameHolder(Gateway.ACCOUNT, VoiceNames.claimKey("ada"))).isEmpty();
    }

    @Test
    void whenKlingCannotBeAskedTheVoiceIsKeptAndItsNameStaysTaken() {
        OwnedVoice ada = voiceOf(Gateway.ACCOUNT, "ada");
        ScriptedKling down = new ScriptedKling(gateway.clock) {
            @Override
            public synchronized void deleteVoice(String voiceId) {
                throw new KlingRetryableException("scripted outage", null);
            }
        };
        ManageAccount duringOutage = new ManageAccount(gateway.accounts, down, GRACE, gateway.clock);

        assertThatThrownBy(() -> duringOutage.deleteVoice(Gateway.ACCOUNT, ada.voice().voiceId()))
                .isInstanceOf(KlingException.class);

        assertThat(manage.voices(Gateway.ACCOUNT)).containsExactly(ada);
        assertThat(gateway.store.voiceNameHolder(Gateway.ACCOUNT, VoiceNames.claimKey("ada")))
                .contains(ada.requestId());
    }
}
