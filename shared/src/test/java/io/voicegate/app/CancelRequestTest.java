package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Money;
import io.voicegate.domain.NotCancelableException;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.VoiceNames;
import io.voicegate.http.ApiResponse;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cancel refunds a request no Kling task exists for, through the settlement path of every failure; once the dispatch
 * worker has gone to create the task it is refused, and the race between the two is decided by one conditional write.
 */
class CancelRequestTest {

    private final Gateway gateway = new Gateway();
    private final CancelRequest cancel = new CancelRequest(gateway.store, gateway.clock);

    @Test
    void aDispatchedRequestIsCanceledRefundedOnceAndNeverReachesKling() {
        String id = gateway.submitted();

        Request canceled = cancel.cancel(Gateway.ACCOUNT, id).orElseThrow();
        gateway.settleRequest().settle(id);
        gateway.settleRequest().settle(id);
        DispatchRequest.Result dispatched = gateway.dispatchRequest().dispatch(id, false);

        assertThat(canceled.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(canceled.outcome().orElseThrow().errorCode()).contains(ErrorCodes.CANCELED);
        assertThat(dispatched).isEqualTo(DispatchRequest.Result.DONE);
        assertThat(gateway.kling.createdNames).isEmpty();
        assertThat(gateway.store.find(id).orElseThrow().billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.ledger).containsOnlyKeys(id + "#hold", id + "#refund");
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
        assertThat(gateway.delivered).containsExactly(id, id);
    }

    @Test
    void cancelingTwiceAnswersTheCanceledRecordAgain() {
        String id = gateway.submitted();
        cancel.cancel(Gateway.ACCOUNT, id);

        Request again = cancel.cancel(Gateway.ACCOUNT, id).orElseThrow();

        assertThat(again.outcome().orElseThrow().isCanceled()).isTrue();
    }

    @Test
    void aRequestKlingAcceptedIsNotCancelable() {
        String id = gateway.processing();

        assertThatThrownBy(() -> cancel.cancel(Gateway.ACCOUNT, id)).isInstanceOf(NotCancelableException.class);
        assertThat(gateway.store.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void aRequestWhoseCreateMayExistIsNotCancelableEvenWhileStillDispatched() {
        String id = gateway.submitted();
        gateway.kling.unavailable = true;
        gateway.store.markCreateAttempted(id, gateway.clock.instant());

        assertThatThrownBy(() -> cancel.cancel(Gateway.ACCOUNT, id)).isInstanceOf(NotCancelableException.class);
        assertThat(gateway.store.find(id).orElseThrow().status()).isEqualTo(RequestStatus.DISPATCHED);
    }

    @Test
    void anotherAccountsRequestIsNotFoundAndUnchanged() {
        gateway.accounts.create("globex", Money.ofMicros(Gateway.OPENING), ApiKeys.hash("vg_other"), "last",
                "whsec_y", gateway.clock.instant());
        String id = gateway.submitted();

        assertThat(cancel.cancel("globex", id)).isEmpty();
        assertThat(gateway.store.find(id).orElseThrow().status()).isEqualTo(RequestStatus.DISPATCHED);
    }

    @RepeatedTest(200)
    void racingTheDispatchWorkerExactlyOneSideWins() throws Exception {
        String id = gateway.submitted();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<DispatchRequest.Result> worker = pool.submit(() -> {
                start.await();
                return gateway.dispatchRequest().dispatch(id, false);
            });
            Future<Boolean> canceler = pool.submit(() -> {
                start.await();
                try {
                    return cancel.cancel(Gateway.ACCOUNT, id).isPresent();
                } catch (NotCancelableException e) {
                    return false;
                }
            });
            start.countDown();
            worker.get();
            boolean canceled = canceler.get();

            Request after = gateway.store.find(id).orElseThrow();
            boolean reachedKling = gateway.kling.createdNames.contains(VoiceNames.klingName(id));
            assertThat(canceled).isNotEqualTo(reachedKling);
            assertThat(after.status()).isEqualTo(canceled ? RequestStatus.FAILED : RequestStatus.PROCESSING);
            assertThat(after.klingTaskId().isPresent()).isEqualTo(reachedKling);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overHttpACancelIs200WithTheRecordThen409OnceKlingHasTheTask() {
        String id = gateway.submitted();
        String other = gateway.processing();

        ApiResponse canceled = post(id);
        ApiResponse refused = post(other);
        ApiResponse unknown = post("01a20b19-82a4-765b-a8d9-4225553092f6");
        ApiResponse malformed = post("not-an-id");

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.body()).contains("\"status\":\"failed\"").contains("\"error_code\":\"canceled\"");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.headers()).containsEntry("content-type", ApiResponse.PROBLEM_JSON);
        assertThat(refused.body()).contains("not-cancelable");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
    }

    private ApiResponse post(String id) {
        return gateway.call("POST /requests/{request_id}/cancel", "/requests/" + id + "/cancel",
                Map.of("request_id", id), Map.of("authorization", "Bearer " + Gateway.API_KEY), "");
    }
}
