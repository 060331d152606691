package io.voicegate.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VoiceNamesTest {

    @Test
    void namesCompareAfterNfcAndCaseCounts() {
        String composed = "Am\u00e9lie";
        String decomposed = "Ame\u0301lie";

        assertThat(VoiceNames.claimKey(decomposed)).isEqualTo(VoiceNames.claimKey(composed));
        assertThat(VoiceNames.claimKey("Ada")).isNotEqualTo(VoiceNames.claimKey("ada"));
    }

    @Test
    void theKlingNameIsTwentyPlainCharactersFixedPerRequest() {
        String id = "019abcde-f012-7345-8678-9abcdef01234";

        String name = VoiceNames.klingName(id);

        assertThat(name).hasSize(VoiceNames.KLING_MAX).matches("[0-9a-v]{20}");
        assertThat(VoiceNames.klingName(id)).isEqualTo(name);
    }

    @Test
    void requestsOfOneMillisecondGetDistinctNamesThatSortAsTheirIds() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        RequestIds ids = new RequestIds(clock, new Random(1));
        Set<String> names = new HashSet<>();

        for (int i = 0; i < 100_000; i++) {
            names.add(VoiceNames.klingName(ids.next()));
        }
        String earlier = VoiceNames.klingName(new RequestIds(clock, new Random(2)).next());
        String later = VoiceNames.klingName(new RequestIds(Clock.offset(clock, java.time.Duration.ofMillis(1)),
                new Random(3)).next());

        assertThat(names).hasSize(100_000);
        assertThat(earlier).isLessThan(later);
    }
}
