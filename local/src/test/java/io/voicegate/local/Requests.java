package io.voicegate.local;

import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestBuilder;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Test data: requests written straight to the local stack's table (with their hold), bypassing the dispatch queue. */
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
        Request request = build(accountId, voiceName, createdAt, Optional.empty());
        stack.function("ApiFunction").wiring().requestStore().insert(request, Optional.of(LedgerEntry.hold(request)),
                Optional.empty());
        return request;
    }

    static Request dispatched(String accountId, String voiceName, Instant createdAt, Optional<String> webhookUrl) {
        Request request = build(accountId, voiceName, createdAt, webhookUrl);
        store().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        return request;
    }

    private static Request build(String accountId, String voiceName, Instant createdAt, Optional<String> webhookUrl) {
        RequestBuilder builder = RequestBuilder.aRequest().id(UUID.randomUUID().toString()).account(accountId)
                .voiceName(voiceName).voiceUrl("https://cdn.example.com/" + voiceName + ".mp3").createdAt(createdAt);
        webhookUrl.ifPresent(builder::webhook);
        return builder.build();
    }

    static Request reload(Request request) {
        return store().find(request.requestId()).orElseThrow();
    }
}
