package io.voicegate.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {

    @Test
    void entryIdsAreDeterministicPerRequestAndKind() {
        assertThat(LedgerEntryKind.HOLD.entryId("r-1")).isEqualTo("r-1#hold");
        assertThat(LedgerEntryKind.SETTLE.entryId("r-1")).isEqualTo("r-1#settle");
        assertThat(LedgerEntryKind.REFUND.entryId("r-1")).isEqualTo("r-1#refund");
    }

    @Test
    void theHoldOfASubmittedRequestDebitsItsPreCharge() {
        Model model = ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000)).all().get(0);
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        Request request = Request.submitted("r-1", "a-1", Source.HTTP,
                new Submission(model, VoicePayload.fromUrl("ada", "https://x.example.com/a.mp3"), Optional.empty()),
                now);

        LedgerEntry hold = LedgerEntry.hold(request);

        assertThat(hold.entryId()).isEqualTo("r-1#hold");
        assertThat(hold.amount()).isEqualTo(Money.ofMicros(-70_000));
        assertThat(hold.accountId()).isEqualTo("a-1");
        assertThat(request.billing().state()).isEqualTo(BillingState.HELD);
        assertThat(request.status()).isEqualTo(RequestStatus.DISPATCHED);
    }
}
