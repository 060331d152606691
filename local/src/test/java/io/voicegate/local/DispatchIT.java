package io.voicegate.local;

import io.voicegate.port.TaskChecks;
import io.voicegate.port.Metrics;
import io.voicegate.domain.RequeryPlan;
import io.voicegate.app.KlingAdmission;
import io.voicegate.adapter.dynamodb.DynamoAccountStore;
import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.DispatchRequest.Result;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.local.kling.LostResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatch worker over real HTTP to the Kling simulator and on the local DynamoDB engine, where a create's answer
 * is lost in each way a network loses one: the task is adopted, never duplicated. Every other branch of the worker is
 * {@code DispatchRequestTest} (shared, on the fakes).
 */
class DispatchIT {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private static final String AK = "dispatch-test-ak";
    private static final String SK = "dispatch-test-secret-key";

    private final KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK).manualLifecycle().start();
    private final DynamoRequestStore requests = new DynamoRequestStore(ENGINES.dynamoClient(), "RequestsTable",
            "AccountsTable");
    private final String account = "acct-" + UUID.randomUUID();
    private final Instant now = Instant.now();

    DispatchIT() {
        String key = ApiKeys.PREFIX + UUID.randomUUID();
        new DynamoAccountStore(ENGINES.dynamoClient(), "AccountsTable", Duration.ofHours(24), Clock.systemUTC())
                .create(account, Money.ofUsd("1"), ApiKeys.hash(key), "last", "whsec_dGVzdA==", now);
    }

    @AfterEach
    void stopSimulator() {
        kling.close();
    }

    private DispatchRequest worker() {
        Clock clock = Clock.systemUTC();
        HttpKlingClient client = new HttpKlingClient(kling.baseUrl(), KlingCredentials.accessKey(AK, SK, clock),
                Duration.ofSeconds(2), Duration.ofMillis(700));
        return new DispatchRequest(requests, client, new CallbackTokens("a-callback-secret-for-dispatch-tests"),
                "https://gateway.example.com/", TaskChecks.NONE, RequeryPlan.DEFAULTS,
                KlingAdmission.unlimited(Duration.ofMinutes(15)), clock, Metrics.NONE);
    }

    private Request dispatched(String voiceName) {
        Request request = aRequest().account(account).voiceName(voiceName + "-" + UUID.randomUUID().toString()
                .substring(0, 8)).createdAt(Instant.ofEpochSecond(now.getEpochSecond())).build();
        requests.insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        return request;
    }

    private Request stored(Request request) {
        return requests.find(request.requestId()).orElseThrow();
    }

    @Test
    void aCreateAnsweredAfterTheTimeoutIsAdoptedNotDuplicated() {
        Request request = dispatched("slow");
        kling.faults().delayResponses(request.requestId(), 1, Duration.ofSeconds(2));

        Result result = worker().dispatch(request.requestId(), false);

        assertThat(result).isEqualTo(Result.DONE);
        assertThat(kling.tasksCreatedFor(request.requestId())).isEqualTo(1);
        assertThat(kling.createAttemptsFor(request.requestId())).isEqualTo(1);
        assertThat(stored(request).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void createAnswersLostInEveryWayAreAdopted() {
        for (LostResponse how : LostResponse.values()) {
            Request request = dispatched("lost");
            kling.faults().loseCreateResponse(request.requestId(), how);

            Result result = worker().dispatch(request.requestId(), false);

            assertThat(result).as(how.name()).isEqualTo(Result.DONE);
            assertThat(kling.tasksCreatedFor(request.requestId())).as(how.name()).isEqualTo(1);
            assertThat(stored(request).status()).as(how.name()).isEqualTo(RequestStatus.PROCESSING);
        }
    }
}
