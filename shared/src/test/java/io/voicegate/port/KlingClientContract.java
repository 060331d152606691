package io.voicegate.port;

import io.voicegate.domain.Voice;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingAmbiguousException;
import io.voicegate.domain.kling.KlingRejectedException;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link KlingClient} must do, as Kling's custom-voice API does it (kling-api.md §3-4): tasks found by
 * either id, one task per external task id, finished tasks with their voices and units, failures of the kind that
 * says what to do next. Runs against {@code ScriptedKling} (what the use-case tests stand on) and against
 * {@code HttpKlingClient} over HTTP to the Kling simulator ({@code local}), so the script cannot drift from Kling.
 */
public abstract class KlingClientContract {

    /** The client under test, fresh for each test. */
    protected abstract KlingClient kling();

    /** Kling finishes the task of this external task id as scripted (by default: succeeded, one voice). */
    protected abstract void finish(String externalId);

    /** The task created for this external id will fail with Kling's message. */
    protected abstract void failTask(String externalId, String message);

    /** The next {@code times} creates for this external id are rate limited. */
    protected abstract void rateLimit(String externalId, int times);

    /** Kling creates the next task for this external id but its answer is lost on the way back. */
    protected abstract void loseNextCreateAnswer(String externalId);

    private static String newId() {
        return "req-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static CreateVoice command(String externalId) {
        return new CreateVoice("N-" + externalId.substring(4), Optional.of("https://cdn.example.com/ada.mp3"),
                Optional.empty(), "https://gw.example.com/callbacks/kling/" + externalId + "/token", externalId);
    }

    @Test
    void aCreatedTaskIsSubmittedAndFoundByEitherIdUntilItFinishes() {
        String id = newId();

        KlingTask created = kling().createVoice(command(id));
        KlingTask byTaskId = kling().findByTaskId(created.taskId()).orElseThrow();
        KlingTask byExternalId = kling().findByExternalTaskId(id).orElseThrow();

        assertThat(created.status()).isEqualTo(KlingTaskStatus.SUBMITTED);
        assertThat(created.externalTaskId()).contains(id);
        assertThat(created.voices()).isEmpty();
        assertThat(created.finalUnitDeduction()).isEmpty();
        assertThat(byTaskId.taskId()).isEqualTo(created.taskId());
        assertThat(byExternalId.taskId()).isEqualTo(created.taskId());
        assertThat(byTaskId.status().isTerminal()).isFalse();
    }

    @Test
    void aFinishedTaskHasTheVoiceNamedAsCreatedAndKlingsUnits() {
        String id = newId();
        KlingTask created = kling().createVoice(command(id));

        finish(id);
        KlingTask done = kling().findByTaskId(created.taskId()).orElseThrow();

        assertThat(done.status()).isEqualTo(KlingTaskStatus.SUCCEED);
        assertThat(done.voices()).singleElement().satisfies(voice -> {
            assertThat(voice.voiceName()).isEqualTo(command(id).voiceName());
            assertThat(voice.voiceId()).isNotBlank();
            assertThat(voice.trialUrl()).startsWith("https://");
        });
        assertThat(done.finalUnitDeduction()).contains(new java.math.BigDecimal("0.05"));
        assertThat(kling().findByExternalTaskId(id)).contains(done);
    }

    @Test
    void anUnknownTaskIsEmpty() {
        assertThat(kling().findByTaskId("860000000000009999")).isEmpty();
        assertThat(kling().findByExternalTaskId(newId())).isEmpty();
    }

    @Test
    void aSecondCreateWithTheSameExternalIdIsRejected() {
        String id = newId();
        KlingTask first = kling().createVoice(command(id));

        assertThatThrownBy(() -> kling().createVoice(command(id)))
                .isInstanceOfSatisfying(KlingRejectedException.class, e -> assertThat(e.code()).hasValue(1201));
        assertThat(kling().findByExternalTaskId(id).orElseThrow().taskId()).isEqualTo(first.taskId());
    }

    @Test
    void aFailedTaskCarriesKlingsReasonAndNoVoices() {
        String id = newId();
        failTask(id, "Audio contains more than one speaker");
        kling().createVoice(command(id));

        finish(id);
        KlingTask task = kling().findByExternalTaskId(id).orElseThrow();

        assertThat(task.status()).isEqualTo(KlingTaskStatus.FAILED);
        assertThat(task.statusMessage()).contains("Audio contains more than one speaker");
        assertThat(task.voices()).isEmpty();
    }

    @Test
    void aRateLimitedCreateIsRetryableAndCreatesNothing() {
        String id = newId();
        rateLimit(id, 1);

        assertThatThrownBy(() -> kling().createVoice(command(id))).isInstanceOf(KlingRetryableException.class);
        assertThat(kling().findByExternalTaskId(id)).isEmpty();
        assertThat(kling().createVoice(command(id)).externalTaskId()).contains(id);
    }

    @Test
    void aCreateWhoseAnswerIsLostIsAmbiguousAndItsTaskIsFoundByExternalId() {
        String id = newId();
        loseNextCreateAnswer(id);

        assertThatThrownBy(() -> kling().createVoice(command(id))).isInstanceOf(KlingAmbiguousException.class);
        assertThat(kling().findByExternalTaskId(id)).isPresent();
    }

    @Test
    void finishedVoicesAreListedNewestFirstAndADeletedOneIsGone() {
        String first = newId();
        String second = newId();
        kling().createVoice(command(first));
        finish(first);
        kling().createVoice(command(second));
        finish(second);
        Voice firstVoice = kling().findByExternalTaskId(first).orElseThrow().voices().get(0);
        Voice secondVoice = kling().findByExternalTaskId(second).orElseThrow().voices().get(0);

        List<Voice> listed = voices(kling().listVoices(1, 30));
        kling().deleteVoice(firstVoice.voiceId());
        List<Voice> afterDelete = voices(kling().listVoices(1, 30));

        assertThat(listed).containsSubsequence(secondVoice, firstVoice);
        assertThat(afterDelete).contains(secondVoice).doesNotContain(firstVoice);
        assertThatThrownBy(() -> kling().deleteVoice(firstVoice.voiceId()))
                .as("deleted already").isInstanceOf(KlingRejectedException.class);
        assertThatThrownBy(() -> kling().deleteVoice("970000000000009999"))
                .isInstanceOfSatisfying(KlingRejectedException.class, e -> assertThat(e.code()).hasValue(1201));
    }

    private static List<Voice> voices(List<KlingTask> tasks) {
        return tasks.stream().flatMap(t -> t.voices().stream()).toList();
    }
}
