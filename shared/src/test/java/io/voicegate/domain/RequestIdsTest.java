package io.voicegate.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void idsAreUuidVersion7AndSortByCreationTime() {
        long seed = System.nanoTime();
        System.out.println("RequestIdsTest seed=" + seed);
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 500; i++) {
            millis += 1 + random.nextInt(5_000);
            ids.add(new RequestIds(Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC), random).next());
        }

        assertThat(ids).as("seed %d", seed).isSorted().doesNotHaveDuplicates();
        for (String id : ids) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }
}
