package io.voicegate.local;

import io.voicegate.config.Config;
import io.voicegate.config.Wiring;
import io.voicegate.ddbengine.fault.FaultRule;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.http.ApiRequest;
import io.voicegate.http.ApiResponse;
import io.voicegate.http.PublicApi;
import io.voicegate.local.engine.LocalSqs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A submit whose transaction the DynamoDB engine cancels with {@code TransactionConflict} (another transaction held
 * the account's item), through the production wiring on the local engines: nothing was written, so the client is
 * told to retry (503 with Retry-After, not a 500 or a 409 "exists") and the idempotency key is free for that retry at
 * once, instead of locked for 30 seconds.
 */
class BusyStoreIT {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.withSqs();

    private final String dispatchQueue = ENGINES.sqsClient().createQueue(c -> c.queueName("dispatch-"
            + UUID.randomUUID())).queueUrl();
    private final Wiring wiring = new Wiring(Config.fromEnv(Map.ofEntries(
            entry(Config.AWS_REGION, LocalSqs.REGION),
            entry(Config.AWS_ENDPOINT_URL + "_DYNAMODB", ENGINES.engine().endpoint().toString()),
            entry(Config.AWS_ENDPOINT_URL + "_SQS", ENGINES.sqsEndpoint().toString()),
            entry("AWS_ACCESS_KEY_ID", "local"), entry("AWS_SECRET_ACCESS_KEY", "local"),
            entry(Config.REQUESTS_TABLE, "RequestsTable"), entry(Config.ACCOUNTS_TABLE, "AccountsTable"),
            entry(Config.DISPATCH_QUEUE_URL, dispatchQueue), entry(Config.KLING_API_KEY, "unused"))),
            Clock.systemUTC());

    @AfterEach
    void clearFaults() {
        ENGINES.engine().faults().clear();
    }

    private static ApiResponse submit(PublicApi api, String key) {
        return api.handle(new ApiRequest("POST /requests", "/requests", Map.of(), Map.of(),
                Map.of("authorization", "Bearer " + key, "content-type", "application/json",
                        "idempotency-key", "order-42"),
                "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\","
                        + "\"voice_url\":\"https://cdn.example.com/ada.mp3\"}}"));
    }

    @Test
    void aConflictingTransactionIs503WithRetryAfterAndTheRetryWithTheSameKeySucceeds() {
        String account = "acct-" + UUID.randomUUID();
        String key = ApiKeys.PREFIX + UUID.randomUUID().toString().replace("-", "");
        wiring.openAccount().open(account, key, Money.ofUsd("1"), List.of());
        PublicApi api = wiring.publicApi();
        ENGINES.engine().faults().add(FaultRule.transactionConflict(1.0, "TransactWriteItems"));

        ApiResponse busy = submit(api, key);
        ENGINES.engine().faults().clear();
        ApiResponse retry = submit(api, key);

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.headers()).containsEntry("retry-after", "1");
        assertThat(busy.body()).contains("#problem-temporarily-unavailable").contains("nothing was charged")
                .doesNotContain("Transaction");
        assertThat(retry.status()).isEqualTo(202);
        assertThat(wiring.accountStore().snapshot(account, 10).orElseThrow().balance())
                .isEqualTo(Money.ofMicros(1_000_000 - 70_000));
        assertThat(wiring.accountStore().snapshot(account, 10).orElseThrow().recentEntries()).hasSize(1);
    }
}
