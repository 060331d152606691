package io.voicegate.app;

import io.voicegate.app.DispatchRequest.Result;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Transition;
import io.voicegate.domain.VoiceNames;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.TaskChecks;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every branch of the dispatch worker, on the fakes: what Kling is asked, and what each of Kling's answers (and
 * non-answers) leaves behind. How the HTTP client turns a timeout or a dropped connection into "ambiguous" is the
 * client's test ({@code HttpKlingClientTest}); the adapter's conditional writes are the store's contract.
 */
class DispatchRequestTest {

    private final Gateway gateway = new Gateway();

    private Request stored(String id) {
        return gateway.store.find(id).orElseThrow();
    }

    private DispatchRequest worker() {
        return gateway.dispatchRequest();
    }

    @Test
    void createsTheTaskWithOurIdAndATokenisedCallbackThenMarksProcessing() {
        String id = gateway.submitted();

        Result result = worker().dispatch(id, false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(stored(id).klingTaskId()).contains(gateway.kling.taskOf(id).taskId());
        CreateVoice create = gateway.kling.creates.get(0);
        assertThat(create.externalTaskId()).isEqualTo(id);
        assertThat(create.voiceName()).as("Kling never sees the client's name").isEqualTo(VoiceNames.klingName(id));
        assertThat(create.voiceUrl()).contains("https://cdn.example.com/ada.mp3");
        assertThat(create.videoId()).isEmpty();
        assertThat(create.callbackUrl()).isEqualTo("https://gw.example.com/callbacks/kling/" + id + "/"
                + gateway.callbackToken(id));
        assertThat(gateway.checks).extracting(Gateway.Check::requestId).containsExactly(id);
    }

    @Test
    void aTrailingSlashOfThePublicBaseUrlMakesNoDoubleSlash() {
        String id = gateway.submitted();
        DispatchRequest worker = gateway.dispatchRequest(gateway.store, gateway.kling, "https://gw.example.com/",
                gateway.taskChecks(), gateway.admission());

        worker.dispatch(id, false);

        assertThat(URI.create(gateway.kling.creates.get(0).callbackUrl()).getPath()).doesNotContain("//")
                .startsWith("/callbacks/kling/" + id + "/");
    }

    @Test
    void aRequestNoLongerDispatchedIsSkipped() {
        String id = gateway.submitted();
        gateway.store.advance(id, Transition.processing("task-x"), gateway.clock.instant());

        Result result = worker().dispatch(id, true);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(gateway.kling.creates).isEmpty();
        assertThat(gateway.kling.queries).hasValue(0);
        assertThat(stored(id).klingTaskId()).contains("task-x");
    }

    @Test
    void aCanceledRequestIsNeverSentToKling() {
        String id = gateway.submitted();
        new CancelRequest(gateway.store, gateway.clock).cancel(Gateway.ACCOUNT, id);

        Result result = worker().dispatch(id, false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(gateway.kling.creates).isEmpty();
        assertThat(stored(id).outcome().orElseThrow().isCanceled()).isTrue();
    }

    @Test
    void rateLimitedSeveralTimesThenCreatedOnce() {
        String id = gateway.submitted();
        gateway.kling.rateLimit(id, 3);
        DispatchRequest worker = worker();

        List<Result> results = List.of(worker.dispatch(id, false), worker.dispatch(id, true),
                worker.dispatch(id, true), worker.dispatch(id, true));

        assertThat(results).containsExactly(Result.RETRY, Result.RETRY, Result.RETRY, Result.DONE);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(gateway.kling.tasksFor(id)).isEqualTo(1);
    }

    @Test
    void aCreateThatTimedOutButMadeTheTaskIsAdoptedNotDuplicated() {
        String id = gateway.submitted();
        gateway.kling.timeOut(id, true);

        Result result = worker().dispatch(id, false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(gateway.kling.createsFor(id)).isEqualTo(1);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(stored(id).klingTaskId()).contains(gateway.kling.taskOf(id).taskId());
    }

    @Test
    void aCreateThatTimedOutWithoutATaskIsMadeAgainOnce() {
        String id = gateway.submitted();
        gateway.kling.timeOut(id, false);

        Result result = worker().dispatch(id, false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(gateway.kling.createsFor(id)).isEqualTo(2);
        assertThat(gateway.kling.tasksFor(id)).isEqualTo(1);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void twoTimeoutsInARowLeaveItForARetry() {
        String id = gateway.submitted();
        gateway.kling.timeOut(id, false).timeOut(id, false);

        Result first = worker().dispatch(id, false);
        Result redelivered = worker().dispatch(id, true);

        assertThat(first).isEqualTo(Result.RETRY);
        assertThat(redelivered).isEqualTo(Result.DONE);
        assertThat(gateway.kling.tasksFor(id)).isEqualTo(1);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void aRedeliveryAdoptsTheTaskAnEarlierAttemptCreated() {
        String id = gateway.submitted();
        gateway.kling.timeOut(id, true);
        gateway.kling.unavailable = true;

        Result first = worker().dispatch(id, false);
        gateway.kling.unavailable = false;
        Result redelivered = worker().dispatch(id, true);

        assertThat(first).as("the look-up after the timeout failed too").isEqualTo(Result.RETRY);
        assertThat(redelivered).isEqualTo(Result.DONE);
        assertThat(gateway.kling.tasksFor(id)).isEqualTo(1);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void rejectedByKlingFailsWithItsMessageAndAStableCode() {
        String invalid = gateway.submitted();
        String policy = gateway.submitted();
        gateway.kling.reject(invalid, 1, 1201, "voice_url is not reachable");
        gateway.kling.reject(policy, 1, 1301, "content security policy triggered");

        worker().dispatch(invalid, false);
        worker().dispatch(policy, false);

        Request failed = stored(invalid);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.outcome().orElseThrow().errorCode()).contains("upstream_rejected");
        assertThat(failed.outcome().orElseThrow().error()).contains("voice_url is not reachable");
        assertThat(stored(policy).outcome().orElseThrow().errorCode()).contains("content_policy");
        assertThat(gateway.kling.tasksFor(invalid)).isZero();
    }

    @Test
    void aRefusalThatIsTheDuplicateOfAConcurrentCreateAdoptsThatTask() {
        String id = gateway.submitted();
        // another delivery of the same message created the task first: Kling refuses the external id (1201)
        gateway.kling.createVoice(new CreateVoice(VoiceNames.klingName(id), Optional.of("https://x/a.mp3"),
                Optional.empty(), "https://gw.example.com/cb", id));

        Result result = worker().dispatch(id, false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(stored(id).klingTaskId()).contains(gateway.kling.taskOf(id).taskId());
    }

    @Test
    void problemsWithOurOwnKlingAccountRetryUntilTheDeadlineThenFail() {
        String id = gateway.submitted();
        gateway.kling.refuseOurAccount(id, 100);

        gateway.clock.advance(Duration.ofSeconds(60));
        Result early = worker().dispatch(id, false);
        gateway.clock.advance(Duration.ofMinutes(13));
        Result stillEarly = worker().dispatch(id, true);
        gateway.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        Result late = worker().dispatch(id, true);

        assertThat(List.of(early, stillEarly, late)).containsExactly(Result.RETRY, Result.RETRY, Result.DONE);
        Request failed = stored(id);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.outcome().flatMap(Outcome::errorCode)).contains("dispatch_deadline_exceeded");
        assertThat(gateway.kling.tasksFor(id)).isZero();
    }

    @Test
    void anUnknownRequestIsDropped() {
        assertThat(worker().dispatch(UUID.randomUUID().toString(), false)).isEqualTo(Result.DONE);
        assertThat(gateway.kling.creates).isEmpty();
    }

    @Test
    void aFirstCheckThatCannotBeScheduledLeavesTheRequestToTheSweeper() {
        String id = gateway.submitted();
        TaskChecks unreachable = (requestId, since, delay) -> {
            throw new QueueUnavailableException("queue down", null);
        };
        DispatchRequest worker = gateway.dispatchRequest(gateway.store, gateway.kling, "https://gw.example.com",
                unreachable, gateway.admission());

        Result result = worker.dispatch(id, false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }
}
