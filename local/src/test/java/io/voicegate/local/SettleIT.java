package io.voicegate.local;

import io.voicegate.port.Metrics;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.adapter.dynamodb.DynamoAccountStore;
import io.voicegate.adapter.dynamodb.DynamoRequestStore;
import io.voicegate.app.SettleRequest;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settlement raced on the local DynamoDB engine: however many workers settle one request at once (stream retries,
 * the sweeper), its transaction lets exactly one through. The settlement's branches are {@code SettleRequestTest}
 * (shared, on the fakes); its conditional writes are the request store's contract.
 */
class SettleIT {

    @RegisterExtension
    static final LocalEngines ENGINES = LocalEngines.dynamo();

    private final DynamoRequestStore requests = new DynamoRequestStore(ENGINES.dynamoClient(), "RequestsTable",
            "AccountsTable");
    private final DynamoAccountStore accounts = new DynamoAccountStore(ENGINES.dynamoClient(), "AccountsTable",
            Duration.ofHours(24), Clock.systemUTC());

    @Test
    void concurrentSettlementsOfOneRequestSettleItExactlyOnce() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String key = ApiKeys.PREFIX + UUID.randomUUID();
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        accounts.create(account, Money.ofUsd("1"), ApiKeys.hash(key), "last", "whsec_dGVzdA==", now);
        Request request = aRequest().account(account).createdAt(now).build();
        requests.insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        requests.advance(request.requestId(), Transition.processing("task-1"), now);
        requests.advance(request.requestId(), new Transition(RequestStatus.SUCCESS, Optional.empty(),
                Optional.of(Outcome.voices(List.of())), Optional.of(new java.math.BigDecimal("0.05"))), now);
        SettleRequest settle = new SettleRequest(requests, id -> { }, a -> Optional.empty(), (a, n, r) -> { },
                Optional.empty(), ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000)),
                Clock.systemUTC(), Metrics.NONE);

        List<SettleRequest.Result> results = ConcurrencyIT.race(8, () -> settle.settle(
                request.requestId()));

        assertThat(results).filteredOn(r -> r == SettleRequest.Result.SETTLED).hasSize(1);
        assertThat(results).filteredOn(r -> r == SettleRequest.Result.ALREADY_SETTLED).hasSize(7);
        var snapshot = accounts.snapshot(account, 10).orElseThrow();
        assertThat(snapshot.recentEntries()).filteredOn(e -> e.kind() == LedgerEntryKind.SETTLE).hasSize(1);
        assertThat(snapshot.balance()).isEqualTo(Money.ofMicros(1_000_000 - 7_000));
    }
}
