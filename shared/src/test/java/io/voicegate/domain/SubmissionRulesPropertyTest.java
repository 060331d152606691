package io.voicegate.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever JSON-shaped value arrives, validation either accepts it or throws a {@link ValidationException}
 * whose every error names a field; it never fails in any other way. Seeded; the seed is printed and in the name.
 */
class SubmissionRulesPropertyTest {

    private static final List<String> KEYS = List.of("model", "payload", "webhook", "voice_name", "voice_url",
            "video_id", "url", "x", "");
    private static final List<Object> STRINGS = List.of("kling-custom-voice", "", " ", "ada",
            "https://a.example.com/x.mp3",
            "http://127.0.0.1/a.wav", "https://[::1]/a.mp3", "v_1-2", "\uD83D\uDE00", "https://x.example.com",
            "javascript:alert(1)", "https://%zz/a.mp3", "https://a.example.com:99999/a.mp3");

    private final SubmissionRules rules = new SubmissionRules(
            ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000)), false);

    static Stream<Long> seeds() {
        long base = Long.getLong("property.seed", System.nanoTime());
        System.out.println("SubmissionRulesPropertyTest base seed=" + base
                + " (rerun with -Dproperty.seed=" + base + ")");
        return LongStream.range(0, 300).mapToObj(i -> base + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validationNeverFailsOtherThanByNamingFields(long seed) {
        Object body = value(new Random(seed), 0);

        try {
            Submission submission = rules.validate(body);
            assertThat(submission.payload().voiceName()).isNotBlank();
        } catch (ValidationException e) {
            assertThat(e.errors()).as("seed %d", seed).isNotEmpty()
                    .allSatisfy(error -> assertThat(error.field()).isNotBlank());
        }
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 2 ? 4 : 7);
        return switch (kind) {
            case 0 -> STRINGS.get(random.nextInt(STRINGS.size()));
            case 1 -> random.nextInt(3) == 0 ? null : random.nextLong();
            case 2 -> random.nextBoolean();
            case 3 -> random.nextDouble();
            case 4 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    list.add(value(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(KEYS.get(random.nextInt(KEYS.size())), value(random, depth + 1));
                }
                yield map;
            }
        };
    }
}
