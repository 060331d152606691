package io.voicegate.local;

import io.voicegate.app.SubmitCommand;
import io.voicegate.app.SubmitRequest;
import io.voicegate.app.SubmitResult;
import io.voicegate.config.Config;
import io.voicegate.config.Wiring;
import io.voicegate.domain.Hashes;
import io.voicegate.domain.IdempotencyInFlightException;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.Money;
import io.voicegate.domain.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An attempt that died holding an idempotency claim: its lock blocks duplicates, then expires and is taken over. */
@ExtendWith(LocalStackExtension.class)
class IdempotencyTakeOverIT {

    private final Instant start = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void anAbandonedClaimBlocksUntilItsLockExpiresThenIsTakenOverWithItsRequestId() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        String key = "k-" + UUID.randomUUID();
        String abandonedRequestId = UUID.randomUUID().toString();
        Wiring early = wiringAt(start);
        early.accountStore().claim(new IdempotencyRecord(account.accountId(), key,
                Hashes.sha256Hex(SubmitApiIT.VALID), abandonedRequestId, false, start.plusSeconds(30), "dead"));
        SubmitCommand command = new SubmitCommand(account.accountId(), Source.HTTP,
                io.voicegate.json.JsonBodyDecoder.read(SubmitApiIT.VALID),
                Optional.of(key));

        assertThatThrownBy(() -> early.submitRequest().submit(command))
                .isInstanceOf(IdempotencyInFlightException.class);
        SubmitRequest later = wiringAt(start.plus(Duration.ofSeconds(31))).submitRequest();
        SubmitResult result = later.submit(command);
        SubmitResult replay = later.submit(command);

        assertThat(result.replayed()).isFalse();
        assertThat(result.request().requestId()).isEqualTo(abandonedRequestId);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.request().requestId()).isEqualTo(abandonedRequestId);
        assertThat(early.accountStore().snapshot(account.accountId(), 10).orElseThrow().recentEntries())
                .filteredOn(e -> e.kind() == io.voicegate.domain.LedgerEntryKind.HOLD).hasSize(1);
    }

    private static Wiring wiringAt(Instant instant) {
        return new Wiring(Config.fromEnv(LocalStackExtension.stack().environment("ApiFunction")),
                Clock.fixed(instant, ZoneOffset.UTC));
    }
}
