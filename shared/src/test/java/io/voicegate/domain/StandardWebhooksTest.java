package io.voicegate.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the published Standard Webhooks test vector, and its failure cases. */
class StandardWebhooksTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private final Instant now = Instant.ofEpochSecond(TS + 10);

    @Test
    void signsThePublishedVector() {
        assertThat(StandardWebhooks.sign(SECRET, ID, TS, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesAnyOfSeveralSignatures() {
        assertThat(StandardWebhooks.verify(SECRET, ID, Long.toString(TS), BODY, EXPECTED, now)).isTrue();
        assertThat(StandardWebhooks.verify(SECRET, ID, Long.toString(TS), BODY, "v1,bm9wZQ== " + EXPECTED, now))
                .isTrue();
    }

    @Test
    void refusesTamperingAndStaleTimestamps() {
        assertThat(StandardWebhooks.verify(SECRET, ID, Long.toString(TS), BODY + " ", EXPECTED, now)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_other", Long.toString(TS), BODY, EXPECTED, now)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, ID, Long.toString(TS), BODY, "v2," + EXPECTED.substring(3), now))
                .isFalse();
        assertThat(StandardWebhooks.verify(SECRET, ID, Long.toString(TS), BODY, EXPECTED,
                Instant.ofEpochSecond(TS + 301))).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, ID, Long.toString(TS), BODY, EXPECTED,
                Instant.ofEpochSecond(TS - 301))).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, ID, "yesterday", BODY, EXPECTED, now)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, ID, Long.toString(TS), BODY, null, now)).isFalse();
    }
}
