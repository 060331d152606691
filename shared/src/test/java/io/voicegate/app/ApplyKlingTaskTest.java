package io.voicegate.app;

import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each of Kling's task states does to a request, through both ways in: a request already read (scheduled checks,
 * sweeper) and a request id alone (a callback, one conditional write). A duplicate, late or foreign task changes
 * nothing; what Kling's failure message means decides the error code.
 */
class ApplyKlingTaskTest {

    private static final String TASK = "t-1";
    private static final Voice VOICE = new Voice("v-1", "ada", "https://kling.example/v-1.mp3");

    private final Gateway gateway = new Gateway();
    private final ApplyKlingTask apply = gateway.applyKlingTask();

    private Request stored(Request request) {
        gateway.store.insert(request, Optional.empty(), Optional.empty());
        return request;
    }

    private Request now(Request request) {
        return gateway.store.find(request.requestId()).orElseThrow();
    }

    private static KlingTask task(Request request, String taskId, KlingTaskStatus status, Optional<String> message,
                                  List<Voice> voices, Optional<BigDecimal> units) {
        return new KlingTask(taskId, Optional.of(request.requestId()), status, message, voices, units,
                request.createdAt(), request.createdAt().plusSeconds(5));
    }

    private static KlingTask processing(Request request) {
        return task(request, TASK, KlingTaskStatus.PROCESSING, Optional.empty(), List.of(), Optional.empty());
    }

    private static KlingTask succeeded(Request request, String taskId) {
        return task(request, taskId, KlingTaskStatus.SUCCEED, Optional.empty(), List.of(VOICE),
                Optional.of(new BigDecimal("0.05")));
    }

    private static KlingTask failed(Request request, Optional<String> message) {
        return task(request, TASK, KlingTaskStatus.FAILED, message, List.of(), Optional.of(BigDecimal.ZERO));
    }

    private Request aProcessingRequest() {
        return stored(aRequest().processing(TASK).build());
    }

    @Test
    void aSucceededTaskMovesAProcessingRequestToSuccessWithTheVoicesAndTheUnits() {
        Request request = aProcessingRequest();
        gateway.clock.advance(Duration.ofSeconds(30));

        boolean changed = apply.apply(request, succeeded(request, TASK));

        Request after = now(request);
        assertThat(changed).isTrue();
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.outcome()).contains(Outcome.voices(List.of(VOICE)));
        assertThat(after.klingUnits()).contains(new BigDecimal("0.05"));
        assertThat(after.klingTaskId()).contains(TASK);
        assertThat(after.updatedAt()).isEqualTo(gateway.clock.instant());
        assertThat(after.billing()).as("money is the settlement's, not this write's").isEqualTo(request.billing());
    }

    @Test
    void aSucceededTaskWithoutVoicesIsASuccessCarryingTheNoVoicesError() {
        Request request = aProcessingRequest();

        apply.apply(request.requestId(), task(request, TASK, KlingTaskStatus.SUCCEED, Optional.empty(), List.of(),
                Optional.of(new BigDecimal("0.05"))));

        Request after = now(request);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.outcome().orElseThrow().voices()).isEmpty();
        assertThat(after.outcome().orElseThrow().error()).contains(Outcome.NO_VOICES);
        assertThat(after.outcome().orElseThrow().errorCode()).isEmpty();
    }

    @Test
    void aFailedTaskMovesTheRequestToFailedWithKlingsMessageAsUpstreamFailed() {
        Request request = aProcessingRequest();

        ApplyKlingTask.Applied applied = apply.apply(request.requestId(),
                failed(request, Optional.of("voice sample too short")));

        Request after = now(request);
        assertThat(applied).isEqualTo(new ApplyKlingTask.Applied(true, Optional.empty()));
        assertThat(after.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(after.outcome()).contains(Outcome.failure(ErrorCodes.UPSTREAM_FAILED, "voice sample too short"));
        assertThat(after.klingUnits()).contains(BigDecimal.ZERO);
    }

    @Test
    void aFailedTaskWithoutAMessageSaysKlingReportedTheFailure() {
        Request request = aProcessingRequest();

        apply.apply(request, failed(request, Optional.empty()));

        assertThat(now(request).outcome()).contains(Outcome.failure(ErrorCodes.UPSTREAM_FAILED,
                "Kling reported that the task failed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content policy violation", "RISK control triggered", "contains sensitive content",
            "Security review failed"})
    void aFailureForContentIsContentPolicyKeepingKlingsMessage(String message) {
        Request request = aProcessingRequest();

        apply.apply(request.requestId(), failed(request, Optional.of(message)));

        assertThat(now(request).outcome()).contains(Outcome.failure(ErrorCodes.CONTENT_POLICY, message));
    }

    @Test
    void aProcessingTaskRecordsItsTaskOnADispatchedRequest() {
        Request request = stored(aRequest().build());

        boolean changed = apply.apply(request, processing(request));

        assertThat(changed).isTrue();
        assertThat(now(request).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(now(request).klingTaskId()).contains(TASK);
    }

    @Test
    void aSubmittedTaskReadsAsProcessing() {
        Request request = stored(aRequest().build());

        ApplyKlingTask.Applied applied = apply.apply(request.requestId(), task(request, TASK,
                KlingTaskStatus.SUBMITTED, Optional.empty(), List.of(), Optional.empty()));

        assertThat(applied.changed()).isTrue();
        assertThat(now(request).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void aSuccessOvertakingTheDispatchWorkerGoesThroughProcessingToSuccessByCallback() {
        Request request = stored(aRequest().build());

        ApplyKlingTask.Applied applied = apply.apply(request.requestId(), succeeded(request, TASK));

        assertThat(applied.changed()).isTrue();
        assertThat(now(request).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(now(request).klingTaskId()).contains(TASK);
        assertThat(now(request).outcome()).contains(Outcome.voices(List.of(VOICE)));
    }

    @Test
    void aSuccessFoundForADispatchedRequestGoesThroughProcessingToSuccessByCheck() {
        Request request = stored(aRequest().build());

        boolean changed = apply.apply(request, succeeded(request, TASK));

        assertThat(changed).isTrue();
        assertThat(now(request).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(now(request).klingTaskId()).contains(TASK);
    }

    @Test
    void aFailureOfADispatchedRequestFailsItDirectly() {
        Request request = stored(aRequest().build());

        ApplyKlingTask.Applied applied = apply.apply(request.requestId(), failed(request, Optional.of("boom")));

        assertThat(applied.changed()).isTrue();
        assertThat(now(request).status()).isEqualTo(RequestStatus.FAILED);
        assertThat(now(request).klingTaskId()).contains(TASK);
    }

    @Test
    void aTaskOfAnotherRequestIsRefusedAndTheRequestIsUnchanged() {
        Request request = aProcessingRequest();

        ApplyKlingTask.Applied byCallback = apply.apply(request.requestId(), succeeded(request, "t-other"));
        boolean byCheck = apply.apply(request, task(request, "t-other", KlingTaskStatus.FAILED, Optional.of("x"),
                List.of(), Optional.empty()));

        assertThat(byCallback.changed()).isFalse();
        assertThat(byCallback.refusedBy()).contains(request);
        assertThat(byCheck).isFalse();
        assertThat(now(request)).isEqualTo(request);
    }

    /** Before a dispatched request has a task id, the task's external id (our request id) is what ties it. */
    @Test
    void aTaskNamingAnotherRequestIsNeverAppliedEvenBeforeTheRequestHasATask() {
        Request dispatched = stored(aRequest().build());
        Request other = aRequest().build();

        ApplyKlingTask.Applied byCallback = apply.apply(dispatched.requestId(), succeeded(other, "t-other"));
        boolean byCheck = apply.apply(dispatched, succeeded(other, "t-other"));

        assertThat(byCallback.changed()).isFalse();
        assertThat(byCheck).isFalse();
        assertThat(now(dispatched)).isEqualTo(dispatched);
    }

    @Test
    void aDuplicateSuccessChangesNothing() {
        Request request = aProcessingRequest();
        apply.apply(request.requestId(), succeeded(request, TASK));
        Request first = now(request);
        gateway.clock.advance(Duration.ofMinutes(1));

        ApplyKlingTask.Applied again = apply.apply(request.requestId(), succeeded(request, TASK));
        boolean againByCheck = apply.apply(first, succeeded(request, TASK));

        assertThat(again.changed()).isFalse();
        assertThat(again.refusedBy()).contains(first);
        assertThat(againByCheck).isFalse();
        assertThat(now(request)).isEqualTo(first);
    }

    @Test
    void aLateProcessingOrFailureAfterTheEndChangesNothing() {
        Request request = aProcessingRequest();
        apply.apply(request.requestId(), succeeded(request, TASK));
        Request ended = now(request);

        ApplyKlingTask.Applied lateProcessing = apply.apply(request.requestId(), processing(request));
        ApplyKlingTask.Applied lateFailure = apply.apply(request.requestId(), failed(request, Optional.of("x")));

        assertThat(lateProcessing.changed()).isFalse();
        assertThat(lateFailure.changed()).isFalse();
        assertThat(now(request)).isEqualTo(ended);
    }

    @Test
    void aRequestAlreadyReadAsEndedOrAlreadyProcessingCostsNoWrite() {
        Request ended = stored(aRequest().processing(TASK).failed(ErrorCodes.CANCELED).build());
        Request processing = aProcessingRequest();
        int before = gateway.storageCalls();

        boolean endedChanged = apply.apply(ended, succeeded(ended, TASK));
        boolean processingChanged = apply.apply(processing, processing(processing));

        assertThat(endedChanged).isFalse();
        assertThat(processingChanged).isFalse();
        assertThat(gateway.storageCalls()).isEqualTo(before);
        assertThat(now(ended)).isEqualTo(ended);
        assertThat(now(processing)).isEqualTo(processing);
    }

    @Test
    void anUnknownRequestIsRefusedWithNothingToShow() {
        Request never = aRequest().build();

        ApplyKlingTask.Applied applied = apply.apply(never.requestId(), succeeded(never, TASK));

        assertThat(applied).isEqualTo(new ApplyKlingTask.Applied(false, Optional.empty()));
        assertThat(gateway.store.all()).isEmpty();
    }
}
