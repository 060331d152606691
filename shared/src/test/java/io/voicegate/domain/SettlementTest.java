package io.voicegate.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SettlementTest {

    private static final Money PRICE = Money.ofMicros(140_000);
    private static final ModelCatalog CATALOG = ModelCatalog.standard(Money.ofMicros(70_000), PRICE);
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    static Request terminal(RequestStatus status, Optional<String> units, long held) {
        RequestBuilder request = RequestBuilder.aRequest().id("r-1").account("a-1").videoId("v1").createdAt(NOW)
                .status(status).outcome(Outcome.voices(java.util.List.of())).klingTask("t-1")
                .billing(Billing.held(Money.ofMicros(held)));
        units.ifPresent(request::klingUnits);
        return request.build();
    }

    @Test
    void successAtKlingsListPriceChargesSevenThousandAndRefundsTheRest() {
        Settlement settlement = Settlement.of(terminal(RequestStatus.SUCCESS, Optional.of("0.05"), 70_000), CATALOG, NOW)
                .orElseThrow();

        assertThat(settlement.kind()).isEqualTo(LedgerEntryKind.SETTLE);
        assertThat(settlement.balanceChange()).isEqualTo(Money.ofMicros(63_000));
        assertThat(settlement.billing()).isEqualTo(new Billing(BillingState.SETTLED, Money.ofMicros(70_000),
                Money.ofMicros(7_000), Money.ofMicros(63_000)));
        assertThat(settlement.unitsMissing()).isFalse();
    }

    @Test
    void failureRefundsTheWholeHold() {
        Settlement settlement = Settlement.of(terminal(RequestStatus.FAILED, Optional.of("0.05"), 70_000), CATALOG, NOW)
                .orElseThrow();

        assertThat(settlement.kind()).isEqualTo(LedgerEntryKind.REFUND);
        assertThat(settlement.balanceChange()).isEqualTo(Money.ofMicros(70_000));
        assertThat(settlement.billing().charged()).isEqualTo(Money.ZERO);
        assertThat(settlement.billing().refunded()).isEqualTo(Money.ofMicros(70_000));
        assertThat(settlement.entry(terminal(RequestStatus.FAILED, Optional.empty(), 70_000), NOW).entryId())
                .isEqualTo("r-1#refund");
    }

    /** Units Kling sent that were not a decimal reach the settlement as none ({@code KlingUnitsTest}). */
    @ParameterizedTest(name = "units {0}")
    @CsvSource(value = {"NULL", "100.000001", "1000", "100000000000"}, nullValues = "NULL")
    void missingOrImplausibleUnitsLeaveTheHoldAsTheCharge(String units) {
        Request request = RequestBuilder.from(terminal(RequestStatus.SUCCESS, Optional.empty(), 70_000))
                .klingUnits(units == null ? null : new BigDecimal(units)).build();

        Settlement settlement = Settlement.of(request, CATALOG, NOW).orElseThrow();

        assertThat(settlement.unitsMissing()).isTrue();
        assertThat(settlement.balanceChange()).isEqualTo(Money.ZERO);
        assertThat(settlement.billing().charged()).isEqualTo(Money.ofMicros(70_000));
    }

    @Test
    void aChargeAboveTheHoldIsOneFurtherDebit() {
        Settlement settlement = Settlement.of(terminal(RequestStatus.SUCCESS, Optional.of("1"), 70_000), CATALOG, NOW)
                .orElseThrow();

        assertThat(settlement.balanceChange()).isEqualTo(Money.ofMicros(-70_000));
        assertThat(settlement.billing().charged()).isEqualTo(Money.ofMicros(140_000));
        assertThat(settlement.billing().refunded()).isEqualTo(Money.ZERO);
    }

    /** The price per unit is the request's own model's: one place, the catalog, for what a unit costs. */
    @Test
    void aSuccessIsChargedAtItsModelsPriceAndAModelNoLongerServedLetsTheHoldStand() {
        ModelCatalog catalog = new ModelCatalog(java.util.List.of(
                new Model("dear", "", "", Money.ofMicros(70_000), Money.ofMicros(200_000)),
                new Model("cheap", "", "", Money.ofMicros(70_000), Money.ofMicros(20_000))));
        Request dear = RequestBuilder.from(terminal(RequestStatus.SUCCESS, Optional.of("0.05"), 70_000))
                .model("dear").build();
        Request cheap = RequestBuilder.from(dear).model("cheap").build();
        Request retired = RequestBuilder.from(dear).model("retired").build();

        assertThat(Settlement.of(dear, catalog, NOW).orElseThrow().billing().charged())
                .isEqualTo(Money.ofMicros(10_000));
        assertThat(Settlement.of(cheap, catalog, NOW).orElseThrow().billing().charged())
                .isEqualTo(Money.ofMicros(1_000));
        assertThat(Settlement.of(retired, catalog, NOW).orElseThrow().billing().charged())
                .isEqualTo(Money.ofMicros(70_000));
    }

    /** What the settlement's write does besides money is decided here, not by the store that writes it. */
    @Test
    void aSuccessWithVoicesGivesThemToTheAccountAndKeepsTheNameWhileAnEndWithoutOneFreesIt() {
        Voice voice = new Voice("v-1", "ignored", "https://kling.example/t.mp3");
        Request withVoice = RequestBuilder.aRequest().id("r-2").account("a-1").voiceName("Ada").videoId("v1")
                .createdAt(NOW).klingTask("t-2").succeeded("0.05", voice).billing(Billing.held(Money.ofMicros(70_000)))
                .build();
        Request failed = RequestBuilder.from(withVoice).status(RequestStatus.FAILED)
                .outcome(Outcome.failure("upstream_failed", "x")).build();

        Settlement success = Settlement.of(withVoice, CATALOG, NOW).orElseThrow();
        Settlement refund = Settlement.of(failed, CATALOG, NOW).orElseThrow();

        assertThat(success.voices()).singleElement().satisfies(owned -> {
            assertThat(owned.accountId()).isEqualTo("a-1");
            assertThat(owned.voice().voiceId()).isEqualTo("v-1");
            assertThat(owned.requestId()).isEqualTo("r-2");
            assertThat(owned.createdAt()).isEqualTo(NOW);
        });
        assertThat(success.releasedName()).isEmpty();
        assertThat(refund.voices()).isEmpty();
        assertThat(refund.releasedName()).contains(VoiceNames.claimKey("Ada"));
    }

    @Test
    void nothingToSettleBeforeTerminalOrAfterSettling() {
        assertThat(Settlement.of(terminal(RequestStatus.PROCESSING, Optional.empty(), 70_000), CATALOG, NOW)).isEmpty();
        Request settled = terminal(RequestStatus.SUCCESS, Optional.of("0.05"), 70_000);
        Request after = RequestBuilder.from(settled).billing(new Billing(BillingState.SETTLED, Money.ofMicros(70_000),
                Money.ofMicros(7_000), Money.ofMicros(63_000))).build();
        assertThat(Settlement.of(after, CATALOG, NOW)).isEmpty();
    }

    static Stream<Long> seeds() {
        long base = Long.getLong("property.seed", System.nanoTime());
        System.out.println("SettlementTest base seed=" + base + " (rerun with -Dproperty.seed=" + base + ")");
        return LongStream.range(0, 200).mapToObj(i -> base + i);
    }

    /** Property: the balance change plus the charge always equals the hold, and the charge is units × price. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void moneyIsConservedAndExact(long seed) {
        Random random = new Random(seed);
        long held = 1 + random.nextInt(1_000_000);
        BigDecimal units = BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(8));
        boolean success = random.nextBoolean();

        Settlement s = Settlement.of(terminal(success ? RequestStatus.SUCCESS : RequestStatus.FAILED,
                Optional.of(units.toPlainString()), held), CATALOG, NOW).orElseThrow();

        assertThat(s.balanceChange().plus(s.billing().charged())).as("seed %d", seed).isEqualTo(Money.ofMicros(held));
        if (success && units.compareTo(Settlement.MAX_UNITS) > 0) {
            assertThat(s.unitsMissing()).as("seed %d: %s units is out of range", seed, units).isTrue();
            assertThat(s.billing().charged()).as("seed %d", seed).isEqualTo(Money.ofMicros(held));
        } else if (success) {
            BigDecimal exact = units.multiply(BigDecimal.valueOf(PRICE.micros()));
            assertThat(BigDecimal.valueOf(s.billing().charged().micros()).subtract(exact).abs())
                    .as("seed %d", seed).isLessThanOrEqualTo(new BigDecimal("0.5"));
        } else {
            assertThat(s.billing().charged()).as("seed %d", seed).isEqualTo(Money.ZERO);
        }
    }
}
