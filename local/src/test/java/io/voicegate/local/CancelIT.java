package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.app.CancelRequest;
import io.voicegate.app.DispatchRequest;
import io.voicegate.domain.Money;
import io.voicegate.domain.NotCancelableException;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.local.kling.KlingSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel on the local DynamoDB engine: the race with the dispatch worker is decided by one conditional write (exactly
 * one side wins, and a canceled request never reaches Kling), and a canceled request is refunded by the settlement
 * path of every failure.
 */
@ExtendWith(LocalStackExtension.class)
class CancelIT {

    @Test
    void racingTheDispatchWorkerExactlyOneSideWinsAndACanceledRequestNeverReachesKling() throws Exception {
        LocalStack stack = LocalStackExtension.stack();
        KlingSimulator kling = stack.simulator().orElseThrow();
        var account = LocalStackExtension.openAccount(Money.ofUsd("10"));
        DispatchRequest worker = stack.function("DispatchFunction").wiring().dispatchRequest();
        CancelRequest cancel = new CancelRequest(Requests.store(), Clock.systemUTC());
        int canceled = 0;

        for (int i = 0; i < 30; i++) {
            Request request = Requests.dispatched(account.accountId(), "race" + i, Instant.now());
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            List<Boolean> sides = ConcurrencyIT.race(2, () -> turn.getAndIncrement() == 0
                    ? dispatches(worker, request.requestId()) : cancels(cancel, account.accountId(),
                    request.requestId()));
            boolean won = sides.contains(true);
            Request after = Requests.reload(request);

            if (won) {
                assertThat(after.status()).isEqualTo(RequestStatus.FAILED);
            } else {
                assertThat(after.status()).isIn(RequestStatus.PROCESSING, RequestStatus.SUCCESS);
            }
            assertThat(kling.createAttemptsFor(request.requestId())).isEqualTo(won ? 0 : 1);
            assertThat(after.klingTaskId().isPresent()).isEqualTo(!won);
            canceled += won ? 1 : 0;
        }
        System.out.printf("cancel race: %d of 30 canceled, %d dispatched%n", canceled, 30 - canceled);
    }

    /** The worker's side of the race; it reports nothing (the store says who won). */
    private static boolean dispatches(DispatchRequest worker, String id) {
        worker.dispatch(id, false);
        return false;
    }

    private static boolean cancels(CancelRequest cancel, String accountId, String id) {
        try {
            return cancel.cancel(accountId, id).isPresent();
        } catch (NotCancelableException e) {
            return false;
        }
    }

    @Test
    void overHttpACanceledRequestIsRefundedAndNeverDispatchedThenAnAcceptedOneIs409() {
        LocalStack stack = LocalStackExtension.stack();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        Request waiting = Requests.dispatched(account.accountId(), "cancel-me", Instant.now());

        ApiClient.Reply canceled = api.send("POST", "/requests/" + waiting.requestId() + "/cancel", null, null);
        JsonNode refunded = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/requests/" + waiting.requestId()).json(),
                r -> r.at("/billing/state").asText().equals("refunded"));
        DispatchRequest.Result late = stack.function("DispatchFunction").wiring().dispatchRequest()
                .dispatch(waiting.requestId(), false);
        String accepted = api.submit(SubmitApiIT.valid("accepted")).json().get("request_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/requests/" + accepted).json()
                .get("status").asText(), s -> !s.equals("dispatched"));
        ApiClient.Reply tooLate = api.send("POST", "/requests/" + accepted + "/cancel", null, null);
        ApiClient.Reply wrongMethod = api.send("GET", "/requests/" + accepted + "/cancel", null, null);

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().get("status").asText()).isEqualTo("failed");
        assertThat(canceled.json().at("/outcome/error_code").asText()).isEqualTo("canceled");
        assertThat(refunded.at("/billing/refunded_micros").asLong()).isEqualTo(70_000);
        assertThat(late).isEqualTo(DispatchRequest.Result.DONE);
        assertThat(stack.simulator().orElseThrow().createAttemptsFor(waiting.requestId())).isZero();
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.json().get("type").asText()).endsWith("#problem-not-cancelable");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(api.ledgerEntries("refund")).isEqualTo(1);
    }
}
