package io.voicegate.local.contract;

import io.voicegate.adapter.dynamodb.DynamoAccountDirectory;
import io.voicegate.adapter.dynamodb.DynamoAccountStore;
import io.voicegate.adapter.dynamodb.DynamoApiKeys;
import io.voicegate.adapter.dynamodb.DynamoChargeRecords;
import io.voicegate.adapter.dynamodb.DynamoDeliveryLog;
import io.voicegate.adapter.dynamodb.DynamoLedger;
import io.voicegate.adapter.dynamodb.DynamoReconciliationReports;
import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.app.MutableClock;
import io.voicegate.local.LocalEngines;
import io.voicegate.port.Storage;

import java.time.Duration;
import java.time.Instant;

/** The DynamoDB adapters of every storage port on the local engine's template tables, as the wiring builds them. */
final class DynamoStorage {

    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private DynamoStorage() {
    }

    static Storage on(LocalEngines engines) {
        MutableClock clock = new MutableClock(START);
        var dynamo = engines.dynamoClient();
        String requests = engines.table("RequestsTable");
        String accounts = engines.table("AccountsTable");
        DynamoAccountStore accountStore = new DynamoAccountStore(dynamo, accounts, Duration.ofHours(24), clock);
        return new Storage(new DynamoRequestStore(dynamo, requests, accounts), accountStore, accountStore,
                new DynamoApiKeys(dynamo, accounts), new DynamoAccountDirectory(dynamo, accounts),
                new DynamoLedger(dynamo, accounts), new DynamoDeliveryLog(dynamo, accounts),
                new DynamoChargeRecords(dynamo, requests), new DynamoReconciliationReports(dynamo, accounts), clock);
    }
}
