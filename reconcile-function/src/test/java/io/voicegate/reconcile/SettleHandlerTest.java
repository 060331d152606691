package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.voicegate.app.Gateway;
import io.voicegate.app.InMemoryRequestStore;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.lambda.Fixtures;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settlement handler fed the requests stream's records ({@code events/ddb-stream/request-succeeded.json} and the
 * SAM CLI's sample), with the settlement on the fakes: each record names a request, whose record is the truth.
 */
class SettleHandlerTest {

    private static final String FIXTURE_ID = "01900000-0000-7000-8000-00000000c0de";

    private final Gateway gateway = new Gateway();

    private static DynamodbEvent fixture(String requestId) {
        DynamodbEvent event = EventLoader.loadDynamoDbEvent(Fixtures.event("ddb-stream/request-succeeded.json"));
        event.getRecords().forEach(r -> r.getDynamodb().getKeys().put("request_id",
                new AttributeValue().withS(requestId)));
        return event;
    }

    @Test
    void aTerminalRequestIsSettledOnceWhateverTheReplays() {
        String id = gateway.submitted();
        gateway.store.advance(id, Transition.failed(Outcome.failure("upstream_failed", "no")),
                gateway.clock.instant());
        SettleHandler handler = new SettleHandler(gateway.settleRequest(), Metrics.NONE);

        StreamsEventResponse first = handler.handleRequest(fixture(id), null);
        StreamsEventResponse replay = handler.handleRequest(fixture(id), null);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(replay.getBatchItemFailures()).isEmpty();
        assertThat(gateway.store.find(id).orElseThrow().billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
        assertThat(gateway.delivered).containsExactly(id, id);
    }

    @Test
    void anUnknownRequestIsSkipped() {
        StreamsEventResponse response = new SettleHandler(gateway.settleRequest(), Metrics.NONE)
                .handleRequest(fixture(FIXTURE_ID), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(gateway.delivered).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "../events/sam-official/dynamodb-stream-update.json", type = DynamodbEvent.class)
    void aRecordWithoutARequestIdIsSkipped(DynamodbEvent event) {
        StreamsEventResponse response = new SettleHandler(gateway.settleRequest(),
                Metrics.NONE).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    /** A settlement that fails is reported by its record's sequence number, so the stream retries from there. */
    @Test
    void aFailedSettlementIsReportedForARetryFromItsRecord() {
        Gateway failing = new Gateway(new InMemoryRequestStore() {
            @Override
            public synchronized Settle settle(Request request, Settlement settlement, Instant now) {
                throw new IllegalStateException("the account item is missing");
            }
        });
        String id = failing.submitted();
        failing.store.advance(id, Transition.failed(Outcome.failure("upstream_failed", "no")),
                failing.clock.instant());
        DynamodbEvent event = fixture(id);

        StreamsEventResponse response = new SettleHandler(failing.settleRequest(),
                Metrics.NONE).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getDynamodb().getSequenceNumber());
    }
}
