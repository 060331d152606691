package io.voicegate.app;

import io.voicegate.domain.BillingState;
import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** SQS intake keeps the HTTP idempotency rules; a client's mistake is one failed, uncharged record, never a retry. */
class AcceptIntakeMessageTest {

    private static final String SENDER = "AIDAEXAMPLE";

    private final Gateway gateway = new Gateway();
    private final AcceptIntakeMessage intake = gateway.acceptIntakeMessage();

    @BeforeEach
    void allowSender() {
        gateway.accounts.allowPrincipal(Gateway.ACCOUNT, SENDER);
    }

    private static IntakeMessage message(String id, String body, Optional<String> key) {
        return new IntakeMessage(id, Optional.of(SENDER), io.voicegate.json.JsonBodyDecoder.read(body), key);
    }

    private List<Request> records() {
        return List.copyOf(gateway.store.requests.values());
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 300, 5_000})
    void anOverLongKeyIsRecordedOnceAsAFailedRequestWithNoCharge(int length) {
        String key = "k".repeat(length);

        AcceptIntakeMessage.Result first = intake.accept(message("m-1", Gateway.body("ada"), Optional.of(key)));
        AcceptIntakeMessage.Result redelivered = intake.accept(message("m-1", Gateway.body("ada"),
                Optional.of(key)));
        AcceptIntakeMessage.Result second = intake.accept(message("m-2", Gateway.body("ada"), Optional.of(key)));

        assertThat(first).isEqualTo(AcceptIntakeMessage.Result.REJECTED);
        assertThat(redelivered).isEqualTo(AcceptIntakeMessage.Result.REJECTED);
        assertThat(second).isEqualTo(AcceptIntakeMessage.Result.REJECTED);
        assertThat(records()).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RequestStatus.FAILED);
            assertThat(r.billing().state()).isEqualTo(BillingState.NONE);
            assertThat(r.outcome().orElseThrow().errorCode()).contains(ErrorCodes.INVALID_IDEMPOTENCY_KEY);
        });
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
        assertThat(gateway.dispatched).isEmpty();
    }

    @Test
    void aBlankKeyIsRefusedLikeOverHttp() {
        intake.accept(message("m-1", Gateway.body("ada"), Optional.of("   ")));

        assertThat(records()).singleElement().satisfies(r -> assertThat(r.outcome().orElseThrow().errorCode())
                .contains(ErrorCodes.INVALID_IDEMPOTENCY_KEY));
    }

    @Test
    void aKeyOfExactly255CharactersIsUsed() {
        String key = "k".repeat(255);

        intake.accept(message("m-1", Gateway.body("ada"), Optional.of(key)));
        AcceptIntakeMessage.Result second = intake.accept(message("m-2", Gateway.body("ada"), Optional.of(key)));

        assertThat(second).isEqualTo(AcceptIntakeMessage.Result.REPLAYED);
        assertThat(records()).hasSize(1);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRecordedOnceAsAFailedRequestWithNoCharge() {
        intake.accept(message("m-1", Gateway.body("ada"), Optional.of("order-42")));

        AcceptIntakeMessage.Result reused = intake.accept(message("m-2", Gateway.body("bob"),
                Optional.of("order-42")));
        AcceptIntakeMessage.Result redelivered = intake.accept(message("m-2", Gateway.body("bob"),
                Optional.of("order-42")));

        assertThat(reused).isEqualTo(AcceptIntakeMessage.Result.REJECTED);
        assertThat(redelivered).isEqualTo(AcceptIntakeMessage.Result.REJECTED);
        assertThat(records()).hasSize(2);
        Request refused = records().stream().filter(r -> r.status() == RequestStatus.FAILED).findFirst()
                .orElseThrow();
        assertThat(refused.outcome().orElseThrow().errorCode()).contains(ErrorCodes.IDEMPOTENCY_KEY_REUSED);
        assertThat(refused.billing().state()).isEqualTo(BillingState.NONE);
        assertThat(refused.payload()).containsEntry("voice_name", "bob");
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
    }

    @Test
    void theSameKeyWithTheSameRequestReorderedIsAReplay() {
        intake.accept(message("m-1", Gateway.body("ada"), Optional.of("order-7")));
        String reordered = "{\"payload\":{\"voice_url\":\"https://cdn.example.com/ada.mp3\",\"voice_name\":\"ada\"},"
                + " \"model\":\"kling-custom-voice\"}";

        assertThat(intake.accept(message("m-2", reordered, Optional.of("order-7"))))
                .isEqualTo(AcceptIntakeMessage.Result.REPLAYED);
        assertThat(records()).hasSize(1);
    }
}
