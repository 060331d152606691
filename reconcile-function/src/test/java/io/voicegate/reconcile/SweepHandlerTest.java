package io.voicegate.reconcile;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.voicegate.app.Gateway;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.RequestStatus;
import io.voicegate.lambda.Fixtures;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduled sweeper's handler fed {@code events/schedule/sweep.json} and the SAM CLI's sample, on the fakes. */
class SweepHandlerTest {

    private final Gateway gateway = new Gateway();
    private final SweepHandler handler = new SweepHandler(gateway.sweeper(), Metrics.NONE);

    @Test
    void eachScheduledRunSweepsAndAStuckRequestIsExpiredOnce() {
        String stuck = gateway.submitted();
        gateway.clock.advance(Duration.ofMinutes(16));

        SweepOpenRequests.Report report = handler.handleRequest(
                EventLoader.loadScheduledEvent(Fixtures.event("schedule/sweep.json")), null);
        SweepOpenRequests.Report again = handler.handleRequest(
                EventLoader.loadScheduledEvent(Fixtures.event("sam-official/eventbridge-scheduled-event.json")), null);

        assertThat(report.expired()).isEqualTo(1);
        assertThat(gateway.store.find(stuck).orElseThrow().status()).isEqualTo(RequestStatus.FAILED);
        assertThat(gateway.store.find(stuck).orElseThrow().outcome().flatMap(Outcome::errorCode))
                .contains("dispatch_deadline_exceeded");
        assertThat(again.expired()).as("a terminal request is not expired twice").isZero();
    }

    @Test
    void anEmptyStoreIsSweptWithNothingDone() {
        SweepOpenRequests.Report report = handler.handleRequest(
                EventLoader.loadScheduledEvent(Fixtures.event("schedule/sweep.json")), null);

        assertThat(report).isEqualTo(new SweepOpenRequests.Report(0, 0, 0, 0, 0, 0));
    }
}
