package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Source;
import io.voicegate.domain.Transition;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.domain.VoiceNames;
import io.voicegate.http.ApiResponse;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Voice names are a per-account matter: a second live "ada" in one account is refused before any charge, another
 * account's "ada" never collides at Kling (which sees only names derived from request ids), and the client sees its
 * own name.
 */
class VoiceNamesPerAccountTest {

    private static final String OTHER = "globex";

    private final Gateway gateway = new Gateway();

    VoiceNamesPerAccountTest() {
        gateway.accounts.create(OTHER, Money.ofMicros(Gateway.OPENING), ApiKeys.hash("vg_other_key"), "last",
                "whsec_y", gateway.clock.instant());
    }

    private String submit(String account, String name) {
        return gateway.submitRequest().submit(new SubmitCommand(account, Source.HTTP,
                io.voicegate.json.JsonBodyDecoder.read(Gateway.body(name)),
                Optional.empty())).request().requestId();
    }

    /** Dispatches the request, lets Kling finish it, applies Kling's answer and settles it. */
    private Request succeed(String requestId) {
        gateway.dispatchRequest().dispatch(requestId, false);
        gateway.clock.advance(java.time.Duration.ofSeconds(10));
        gateway.refreshKlingTask().check(requestId, gateway.clock.instant());
        gateway.settleRequest().settle(requestId);
        return gateway.store.find(requestId).orElseThrow();
    }

    @Test
    void aSecondLiveAdaInOneAccountIs409NamingTheFieldWithNothingCharged() {
        submit(Gateway.ACCOUNT, "ada");
        long afterFirst = gateway.store.balance(Gateway.ACCOUNT);

        ApiResponse second = gateway.submit(Gateway.body("ada"), Optional.empty());

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.headers()).containsEntry("content-type", ApiResponse.PROBLEM_JSON);
        assertThat(second.body()).contains("voice-name-taken").contains("\"field\":\"payload.voice_name\"");
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(afterFirst);
        assertThat(gateway.store.requests).hasSize(1);
        assertThat(gateway.dispatched).hasSize(1);
    }

    @Test
    void namesCompareAfterNfcButCaseCounts() {
        submit(Gateway.ACCOUNT, "Am\u00e9lie");

        assertThatThrownBy(() -> submit(Gateway.ACCOUNT, "Ame\u0301lie")).isInstanceOf(VoiceNameTakenException.class);
        assertThat(submit(Gateway.ACCOUNT, "AM\u00c9LIE")).isNotBlank();
    }

    @Test
    void twoAccountsEachMakeAnAdaAndBothSeeAda() {
        String mine = submit(Gateway.ACCOUNT, "ada");
        String theirs = submit(OTHER, "ada");

        Request myDone = succeed(mine);
        Request theirDone = succeed(theirs);

        assertThat(gateway.kling.createdNames).containsExactly(VoiceNames.klingName(mine),
                VoiceNames.klingName(theirs)).doesNotContain("ada");
        assertThat(myDone.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(theirDone.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(myDone.outcome().orElseThrow().voices()).singleElement()
                .satisfies(v -> assertThat(v.voiceName()).isEqualTo("ada"));
        assertThat(theirDone.outcome().orElseThrow().voices()).singleElement()
                .satisfies(v -> assertThat(v.voiceName()).isEqualTo("ada"));
        assertThat(gateway.accounts.voices(OTHER)).singleElement()
                .satisfies(v -> assertThat(v.voice().voiceName()).isEqualTo("ada"));
    }

    @Test
    void aVoiceKeepsItsNameUntilItIsDeleted() {
        String first = submit(Gateway.ACCOUNT, "ada");
        Request done = succeed(first);
        String voiceId = done.outcome().orElseThrow().voices().get(0).voiceId();

        assertThatThrownBy(() -> submit(Gateway.ACCOUNT, "ada")).isInstanceOf(VoiceNameTakenException.class);
        boolean deleted = new ManageAccount(gateway.accounts, gateway.kling, java.time.Duration.ofHours(1),
                gateway.clock).deleteVoice(Gateway.ACCOUNT, voiceId);

        assertThat(deleted).isTrue();
        assertThat(submit(Gateway.ACCOUNT, "ada")).isNotEqualTo(first);
    }

    @Test
    void aFailedRequestFreesItsNameWhenItIsRefunded() {
        String first = submit(Gateway.ACCOUNT, "ada");
        gateway.store.advance(first, Transition.failed(Outcome.dispatchDeadlineExceeded()), gateway.clock.instant());

        gateway.settleRequest().settle(first);
        gateway.settleRequest().settle(first);

        assertThat(gateway.store.find(first).orElseThrow().billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.voiceNameHolder(Gateway.ACCOUNT, "ada")).isEmpty();
        String second = submit(Gateway.ACCOUNT, "ada");
        gateway.settleRequest().settle(first);
        assertThat(gateway.store.voiceNameHolder(Gateway.ACCOUNT, "ada")).contains(second);
    }

    @Test
    void aSuccessWithoutVoicesFreesItsName() {
        String first = submit(Gateway.ACCOUNT, "ada");
        gateway.store.advance(first, Transition.processing("t-x"), gateway.clock.instant());
        gateway.store.advance(first, new Transition(RequestStatus.SUCCESS, Optional.of("t-x"),
                Optional.of(Outcome.voices(java.util.List.of())), Optional.of(new java.math.BigDecimal("0.05"))), gateway.clock.instant());

        gateway.settleRequest().settle(first);

        assertThat(gateway.store.voiceNameHolder(Gateway.ACCOUNT, "ada")).isEmpty();
    }

    @Test
    void theSqsIntakeRecordsATakenNameAsAFailedUnchargedRequest() {
        gateway.accounts.allowPrincipal(Gateway.ACCOUNT, "AIDAEXAMPLE");
        submit(Gateway.ACCOUNT, "ada");
        long before = gateway.store.balance(Gateway.ACCOUNT);

        AcceptIntakeMessage.Result result = gateway.acceptIntakeMessage().accept(new IntakeMessage("m-1",
                Optional.of("AIDAEXAMPLE"), io.voicegate.json.JsonBodyDecoder.read(Gateway.body("ada")), Optional.empty()));

        assertThat(result).isEqualTo(AcceptIntakeMessage.Result.REJECTED);
        Request rejected = gateway.store.requests.values().stream().filter(r -> r.source() == Source.SQS)
                .findFirst().orElseThrow();
        assertThat(rejected.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(rejected.billing().state()).isEqualTo(BillingState.NONE);
        assertThat(rejected.outcome().orElseThrow().errorCode()).contains(ErrorCodes.VOICE_NAME_TAKEN);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(before);
    }

    @Test
    void aTakenNameDoesNotUseUpTheIdempotencyKey() {
        String first = submit(Gateway.ACCOUNT, "ada");
        ApiResponse refused = gateway.submit(Gateway.body("ada"), Optional.of("order-1"));
        gateway.store.advance(first, Transition.failed(Outcome.dispatchDeadlineExceeded()), gateway.clock.instant());
        gateway.settleRequest().settle(first);

        ApiResponse retried = gateway.submit(Gateway.body("ada"), Optional.of("order-1"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(retried.status()).isEqualTo(202);
    }
}
