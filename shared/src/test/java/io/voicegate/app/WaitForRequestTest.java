package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.Transition;
import io.voicegate.http.ApiResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long-poll answers within a second of the settlement, or with the current record when the wait is over, and
 * reads the request on a schedule, never in a loop: at most N + 2 reads for a wait of N seconds.
 */
class WaitForRequestTest {

    private final Gateway gateway = new Gateway();
    private final WaitForRequest waits = new WaitForRequest(gateway.store, gateway.sleeper, gateway.clock);

    @Test
    void aSettledRequestIsAnsweredAtOnceWithOneRead() {
        String id = gateway.submitted();
        fail(id);
        int before = gateway.storageCalls();

        Request done = waits.await(Gateway.ACCOUNT, id, Duration.ofSeconds(25)).orElseThrow();

        assertThat(WaitForRequest.isDone(done)).isTrue();
        assertThat(gateway.storageCalls() - before).isEqualTo(1);
        assertThat(gateway.pauses).isEmpty();
    }

    @Test
    void theWaitEndsWithinASecondOfTheSettlement() {
        String id = gateway.submitted();
        Instant start = gateway.clock.instant();
        Instant settledAt = start.plusMillis(5_300);
        gateway.duringPauses = () -> {
            if (!gateway.clock.instant().isBefore(settledAt.minusSeconds(1)) && gateway.store.find(id)
                    .map(r -> !r.status().isTerminal()).orElse(false)) {
                gateway.clock.set(settledAt);
                fail(id);
            }
        };

        Request done = waits.await(Gateway.ACCOUNT, id, Duration.ofSeconds(25)).orElseThrow();

        assertThat(WaitForRequest.isDone(done)).isTrue();
        assertThat(Duration.between(settledAt, gateway.clock.instant())).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRequestThatDoesNotEndIsAnsweredAfterTheWaitWithAtMostNPlusTwoReads() {
        String id = gateway.submitted();
        Instant start = gateway.clock.instant();
        int before = gateway.storageCalls();

        Request current = waits.await(Gateway.ACCOUNT, id, Duration.ofSeconds(25)).orElseThrow();

        int reads = gateway.storageCalls() - before;
        System.out.printf("long-poll: %d reads for a 25 s wait that timed out%n", reads);
        assertThat(current.requestId()).isEqualTo(id);
        assertThat(Duration.between(start, gateway.clock.instant())).isEqualTo(Duration.ofSeconds(25));
        assertThat(reads).isLessThanOrEqualTo(25 + 2);
        assertThat(gateway.pauses).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void waitZeroReadsOnce() {
        String id = gateway.submitted();
        int before = gateway.storageCalls();

        Optional<Request> found = waits.await(Gateway.ACCOUNT, id, Duration.ZERO);

        assertThat(found).isPresent();
        assertThat(gateway.storageCalls() - before).isEqualTo(1);
    }

    @Test
    void anotherAccountsRequestIsNotFoundWithoutWaiting() {
        gateway.accounts.create("globex", Money.ofMicros(Gateway.OPENING), ApiKeys.hash("vg_other"), "last",
                "whsec_y", gateway.clock.instant());
        String id = gateway.submitted();

        assertThat(waits.await("globex", id, Duration.ofSeconds(25))).isEmpty();
        assertThat(gateway.pauses).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"26", "-1", "1.5", "abc", " ", "1000", "ten"})
    void aWaitThatIsNotZeroToTwentyFiveWholeSecondsIs400NamingWait(String wait) {
        String id = gateway.submitted();

        ApiResponse response = get(id, wait);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"wait\"");
        assertThat(gateway.pauses).isEmpty();
    }

    /** An empty parameter is as if it were not sent, on every route: no wait. */
    @Test
    void anEmptyWaitIsNoWait() {
        String id = gateway.submitted();

        ApiResponse response = get(id, "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(gateway.pauses).isEmpty();
    }

    @Test
    void overHttpAWaitAnswersTheRecordAnd404ForAnUnknownId() {
        String id = gateway.submitted();
        fail(id);

        ApiResponse done = get(id, "25");
        ApiResponse unknown = get("01a20b19-82a4-765b-a8d9-4225553092f6", "0");

        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("\"state\":\"refunded\"");
        assertThat(unknown.status()).isEqualTo(404);
    }

    private ApiResponse get(String id, String wait) {
        return gateway.publicApi().handle(new io.voicegate.http.ApiRequest("GET /requests/{request_id}",
                "/requests/" + id, Map.of("request_id", id), Map.of("wait", wait),
                Map.of("authorization", "Bearer " + Gateway.API_KEY), ""));
    }

    private void fail(String id) {
        gateway.store.advance(id, Transition.failed(Outcome.dispatchDeadlineExceeded()), gateway.clock.instant());
        gateway.settleRequest().settle(id);
    }
}
