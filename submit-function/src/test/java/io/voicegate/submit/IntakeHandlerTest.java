package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.voicegate.app.Gateway;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Source;
import io.voicegate.port.Metrics;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS intake's handler fed the intake fixtures in {@code events/} (their sender {@code AIDAFIXTUREPRODUCER0001}
 * allowed for the gateway's account), with the intake on the in-memory fakes.
 */
class IntakeHandlerTest {

    private final Gateway gateway = new Gateway();
    private final IntakeHandler handler = new IntakeHandler(gateway.acceptIntakeMessage(), Metrics.NONE);

    IntakeHandlerTest() {
        gateway.accounts.allowPrincipal(Gateway.ACCOUNT, "AIDAFIXTUREPRODUCER0001");
    }

    @ParameterizedTest
    @Event(value = "../events/sqs/intake-valid.json", type = SQSEvent.class)
    void aValidMessageIsSubmittedAndCharged(SQSEvent event) {
        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Request request = gateway.store.all().get(0);
        assertThat(request.source()).isEqualTo(Source.SQS);
        assertThat(request.status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
    }

    @ParameterizedTest
    @Event(value = "../events/sqs/intake-invalid.json", type = SQSEvent.class)
    void anInvalidMessageIsRecordedOnceAsAFailedRequestWithoutACharge(SQSEvent event) {
        SQSBatchResponse first = handler.handleRequest(event, null);
        SQSBatchResponse redelivered = handler.handleRequest(event, null);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(gateway.store.all()).singleElement().satisfies(request -> {
            assertThat(request.status()).isEqualTo(RequestStatus.FAILED);
            assertThat(request.outcome().flatMap(Outcome::errorCode)).contains("invalid_request");
            assertThat(request.billing().state()).isEqualTo(BillingState.NONE);
        });
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
    }

    @ParameterizedTest
    @Event(value = "../events/sqs/intake-unknown-sender.json", type = SQSEvent.class)
    void aMessageFromAnUnknownSenderIsParkedWithTheReason(SQSEvent event) {
        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(gateway.store.all()).isEmpty();
        assertThat(gateway.parked).singleElement().asString().contains("AIDAUNKNOWNPRINCIPAL999");
    }
}
