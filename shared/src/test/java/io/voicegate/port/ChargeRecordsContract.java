package io.voicegate.port;

import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.domain.reconciliation.OurCharge;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ChargeRecords} must do: an account's requests that reached Kling, created in {@code [from, to)},
 * with where their money stands. Runs against the fake and the DynamoDB adapter.
 */
public abstract class ChargeRecordsContract {

    protected abstract Storage storage();

    private Request stored(String account, String name, Instant createdAt, Optional<String> task) {
        Request request = aRequest().account(account).voiceName(name).createdAt(createdAt).build();
        storage().requests().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        task.ifPresent(t -> storage().requests().advance(request.requestId(), Transition.processing(t), createdAt));
        return request;
    }

    @Test
    void theRequestsThatReachedKlingInThePeriodWithTheirMoney() {
        String account = storage().openAccount(1_000_000);
        Instant from = Instant.parse("2026-11-29T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(1));
        Request before = stored(account, "a", from.minusSeconds(1), Optional.of("t-before"));
        Request first = stored(account, "b", from, Optional.of("t-first"));
        Request neverSent = stored(account, "c", from.plusSeconds(10), Optional.empty());
        Request settled = stored(account, "d", from.plusSeconds(20), Optional.of("t-settled"));
        Request last = stored(account, "e", to.minusSeconds(1), Optional.of("t-last"));
        Request after = stored(account, "f", to, Optional.of("t-after"));
        stored(storage().openAccount(1_000_000), "g", from.plusSeconds(5), Optional.of("t-other-account"));
        storage().requests().advance(settled.requestId(), new Transition(RequestStatus.SUCCESS, Optional.empty(),
                Optional.of(Outcome.voices(List.of())), Optional.of(new java.math.BigDecimal("0.05"))), from.plusSeconds(30));
        Request success = storage().requests().find(settled.requestId()).orElseThrow();
        storage().requests().settle(success, Settlement.of(success,
                io.voicegate.domain.ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000)), from.plusSeconds(31)).orElseThrow(),
                from.plusSeconds(31));

        List<OurCharge> charges = storage().charges().createdBetween(account, from, to);

        assertThat(charges).containsExactlyInAnyOrder(
                new OurCharge(first.requestId(), "t-first", from, OurCharge.State.HELD, Optional.empty()),
                new OurCharge(settled.requestId(), "t-settled", from.plusSeconds(20), OurCharge.State.SETTLED,
                        Optional.of(new BigDecimal("0.05"))),
                new OurCharge(last.requestId(), "t-last", to.minusSeconds(1), OurCharge.State.HELD,
                        Optional.empty()));
        assertThat(List.of(before, neverSent, after)).extracting(Request::requestId)
                .doesNotContainAnyElementsOf(charges.stream().map(OurCharge::requestId).toList());
    }
}
