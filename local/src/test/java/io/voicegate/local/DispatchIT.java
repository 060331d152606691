package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.DispatchRequest.Result;
import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Source;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Submission;
import io.voicegate.domain.VoiceNames;
import io.voicegate.domain.VoicePayload;
import io.voicegate.json.Json;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.local.kling.LostResponse;
import io.voicegate.local.kling.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every branch of the dispatch worker, on the local DynamoDB engine against the Kling simulator. */
@ExtendWith(LocalStackExtension.class)
class DispatchIT {

    private static final String AK = "dispatch-test-ak";
    private static final String SK = "dispatch-test-secret-key";
    private static final String CALLBACK_SECRET = "a-callback-secret-for-dispatch-tests";

    private final KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK).manualLifecycle().start();
    private final DynamoRequestStore requests = LocalStackExtension.stack().function("ApiFunction").wiring()
            .requestStore();
    private final LocalStackExtension.TestAccount account = LocalStackExtension.openAccount(Money.ofUsd("1"));
    private final Instant now = Instant.now();

    @AfterEach
    void stopSimulator() {
        kling.close();
    }

    private DispatchRequest worker(Instant at) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        HttpKlingClient client = new HttpKlingClient(kling.baseUrl(), KlingCredentials.accessKey(AK, SK, clock),
                Duration.ofSeconds(2), Duration.ofMillis(700));
        return new DispatchRequest(requests, client, new CallbackTokens(CALLBACK_SECRET),
                "https://gateway.example.com/", Duration.ofMinutes(15), clock);
    }

    private Request dispatched(String voiceName) {
        Submission submission = new Submission(ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000))
                .all().get(0), VoicePayload.fromUrl(voiceName + "-" + UUID.randomUUID().toString().substring(0, 8),
                "https://cdn.example.com/" + voiceName + ".mp3"), Optional.empty());
        Request request = Request.submitted(UUID.randomUUID().toString(), account.accountId(), Source.HTTP,
                submission, now);
        requests.insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        return request;
    }

    private Request stored(Request request) {
        return requests.find(request.requestId()).orElseThrow();
    }

    private List<RecordedRequest> creates() {
        return kling.requests().stream().filter(r -> r.method().equals("POST")
                && r.pathAndQuery().equals("/v1/general/custom-voices")).toList();
    }

    @Test
    void createsTheTaskWithOurIdAndATokenisedCallbackThenMarksProcessing() throws Exception {
        Request request = dispatched("ada");

        Result result = worker(now).dispatch(request.requestId(), false);

        assertThat(result).isEqualTo(Result.DONE);
        Request after = stored(request);
        assertThat(after.status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(after.klingTaskId()).isPresent();
        assertThat(kling.tasksCreatedFor(request.requestId())).isEqualTo(1);
        JsonNode body = Json.mapper().readTree(creates().get(0).body());
        assertThat(body.get("external_task_id").asText()).isEqualTo(request.requestId());
        assertThat(body.get("voice_name").asText()).isEqualTo(VoiceNames.klingName(request.requestId()));
        assertThat(body.get("voice_url").asText()).isEqualTo("https://cdn.example.com/ada.mp3");
        String token = new CallbackTokens(CALLBACK_SECRET).tokenFor(request.requestId());
        assertThat(body.get("callback_url").asText())
                .isEqualTo("https://gateway.example.com/callbacks/kling/" + request.requestId() + "/" + token);
        assertThat(URI.create(body.get("callback_url").asText()).getPath()).doesNotContain("//");
    }

    @Test
    void aRequestNoLongerDispatchedIsSkipped() {
        Request request = dispatched("ada");
        requests.advance(request.requestId(), Transition.processing("task-x"), now);

        Result result = worker(now).dispatch(request.requestId(), true);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(kling.requests()).isEmpty();
        assertThat(stored(request).klingTaskId()).contains("task-x");
    }

    @Test
    void rateLimitedSeveralTimesThenCreatedOnce() {
        Request request = dispatched("busy");
        kling.faults().rateLimit(request.requestId(), 3);
        DispatchRequest worker = worker(now);

        List<Result> results = List.of(worker.dispatch(request.requestId(), false),
                worker.dispatch(request.requestId(), true), worker.dispatch(request.requestId(), true),
                worker.dispatch(request.requestId(), true));

        assertThat(results).containsExactly(Result.RETRY, Result.RETRY, Result.RETRY, Result.DONE);
        assertThat(stored(request).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(kling.tasksCreatedFor(request.requestId())).isEqualTo(1);
    }

    @Test
    void createTimedOutButTheTaskExistsIsAdoptedNotDuplicated() {
        Request request = dispatched("slow");
        kling.faults().delayResponses(request.requestId(), 1, Duration.ofSeconds(2));

        Result result = worker(now).dispatch(request.requestId(), false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(kling.tasksCreatedFor(request.requestId())).isEqualTo(1);
        assertThat(kling.createAttemptsFor(request.requestId())).isEqualTo(1);
        assertThat(stored(request).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void lostCreateResponsesAreAdopted() {
        for (LostResponse how : LostResponse.values()) {
            Request request = dispatched("lost");
            kling.faults().loseCreateResponse(request.requestId(), how);

            Result result = worker(now).dispatch(request.requestId(), false);

            assertThat(result).as(how.name()).isEqualTo(Result.DONE);
            assertThat(kling.tasksCreatedFor(request.requestId())).as(how.name()).isEqualTo(1);
            assertThat(stored(request).status()).as(how.name()).isEqualTo(RequestStatus.PROCESSING);
        }
    }

    @Test
    void ambiguousCreateWithNoTaskCreatesAgainOnce() {
        Request request = dispatched("flaky");
        kling.faults().serverError(request.requestId(), 1);

        Result result = worker(now).dispatch(request.requestId(), false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(kling.createAttemptsFor(request.requestId())).isEqualTo(2);
        assertThat(kling.tasksCreatedFor(request.requestId())).isEqualTo(1);
    }

    @Test
    void aRedeliveryAdoptsTheTaskAnEarlierAttemptCreated() {
        Request request = dispatched("again");
        worker(now).dispatch(request.requestId(), false);
        requests.advance(request.requestId(), Transition.failed(Outcome.failure("test", "test")), now);
        Request second = dispatched("again2");
        kling.faults().loseCreateResponse(second.requestId(), LostResponse.DROP_CONNECTION);
        kling.faults().serverError(second.requestId(), 2);

        Result first = worker(now).dispatch(second.requestId(), false);
        Result redelivered = worker(now).dispatch(second.requestId(), true);

        assertThat(first).isEqualTo(Result.RETRY);
        assertThat(redelivered).isEqualTo(Result.DONE);
        assertThat(kling.tasksCreatedFor(second.requestId())).isEqualTo(1);
        assertThat(stored(second).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void rejectedByKlingFailsWithItsMessageAndAStableCode() {
        Request invalid = dispatched("bad");
        Request policy = dispatched("policy");
        kling.faults().failRequests(invalid.requestId(), 1, 400, 1201, "voice_url is not reachable");
        kling.faults().failRequests(policy.requestId(), 1, 400, 1301, "content security policy triggered");

        worker(now).dispatch(invalid.requestId(), false);
        worker(now).dispatch(policy.requestId(), false);

        Request failed = stored(invalid);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.outcome().orElseThrow().errorCode()).contains("upstream_rejected");
        assertThat(failed.outcome().orElseThrow().error()).contains("voice_url is not reachable");
        assertThat(stored(policy).outcome().orElseThrow().errorCode()).contains("content_policy");
        assertThat(kling.tasksCreatedFor(invalid.requestId())).isZero();
    }

    @Test
    void operatorProblemsRetryUntilTheDeadlineThenFail() {
        Request request = dispatched("arrears");
        kling.faults().failRequests(request.requestId(), 100, 429, 1101, "account in arrears");

        Result early = worker(now.plusSeconds(60)).dispatch(request.requestId(), false);
        Result stillEarly = worker(now.plus(Duration.ofMinutes(14))).dispatch(request.requestId(), true);
        Result late = worker(now.plus(Duration.ofMinutes(15)).plusSeconds(1)).dispatch(request.requestId(), true);

        assertThat(early).isEqualTo(Result.RETRY);
        assertThat(stillEarly).isEqualTo(Result.RETRY);
        assertThat(late).isEqualTo(Result.DONE);
        Request failed = stored(request);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.outcome().orElseThrow().errorCode()).contains("dispatch_deadline_exceeded");
        assertThat(kling.tasksCreatedFor(request.requestId())).isZero();
    }

    @Test
    void anUnknownRequestIsDropped() {
        assertThat(worker(now).dispatch(UUID.randomUUID().toString(), false)).isEqualTo(Result.DONE);
        assertThat(kling.requests()).isEmpty();
    }
}
