package io.voicegate.local;

import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.Request;
import io.voicegate.domain.Source;
import io.voicegate.domain.Submission;
import io.voicegate.domain.VoicePayload;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Test data: requests written straight to the table (with their hold), bypassing the dispatch queue. */
final class Requests {

    private Requests() {
    }

    static DynamoRequestStore store() {
        return LocalStackExtension.stack().function("ApiFunction").wiring().requestStore();
    }

    static Request dispatched(String accountId, String voiceName, Instant createdAt) {
        return dispatched(accountId, voiceName, createdAt, Optional.empty());
    }

    /** A dispatched request written straight to {@code stack}'s table, with its hold. */
    static Request dispatchedIn(LocalStack stack, String accountId, String voiceName, Instant createdAt) {
        Request request = submitted(accountId, voiceName, createdAt, Optional.empty());
        stack.function("ApiFunction").wiring().requestStore().insert(request, Optional.of(LedgerEntry.hold(request)),
                Optional.empty());
        return request;
    }

    private static Request submitted(String accountId, String voiceName, Instant createdAt,
                                     Optional<String> webhookUrl) {
        Submission submission = new Submission(ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000))
                .all().get(0), VoicePayload.fromUrl(voiceName, "https://cdn.example.com/" + voiceName + ".mp3"),
                webhookUrl);
        return Request.submitted(UUID.randomUUID().toString(), accountId, Source.HTTP, submission, createdAt);
    }

    static Request dispatched(String accountId, String voiceName, Instant createdAt, Optional<String> webhookUrl) {
        Submission submission = new Submission(ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000))
                .all().get(0), VoicePayload.fromUrl(voiceName, "https://cdn.example.com/" + voiceName + ".mp3"),
                webhookUrl);
        Request request = Request.submitted(UUID.randomUUID().toString(), accountId, Source.HTTP, submission,
                createdAt);
        store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        return request;
    }

    static Request reload(Request request) {
        return store().find(request.requestId()).orElseThrow();
    }
}
