package io.voicegate.local.listen;

import io.voicegate.local.listen.WebhookVerifier.Verdict;
import io.voicegate.local.listen.WebhookVerifier.Verdict.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener's own verifier against the published Standard Webhooks test vector and its variations. */
class WebhookVerifierTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TIMESTAMP = "1614265330";
    static final String BODY = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final Instant THEN = Instant.ofEpochSecond(1614265330);

    private static Verdict verify(String secret, String signatures, String body, Instant now) {
        return WebhookVerifier.verify(secret, ID, TIMESTAMP, signatures, body.getBytes(StandardCharsets.UTF_8), now);
    }

    @Test
    void acceptsThePublishedTestVector() {
        assertThat(verify(SECRET, SIGNATURE, BODY, THEN)).isEqualTo(new Verdict(Outcome.VERIFIED, "v1"));
    }

    @Test
    void acceptsTheSecretWithoutItsPrefix() {
        assertThat(verify(SECRET.substring("whsec_".length()), SIGNATURE, BODY, THEN).outcome())
                .isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void rejectsATamperedBody() {
        Verdict verdict = verify(SECRET, SIGNATURE, "{\"test\": 2432232315}", THEN);

        assertThat(verdict.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(verdict.detail()).contains("no v1 signature matches");
    }

    @Test
    void rejectsABodyThatDiffersOnlyInWhitespace() {
        assertThat(verify(SECRET, SIGNATURE, "{\"test\":2432232314}", THEN).outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void rejectsAnotherSecret() {
        assertThat(verify("whsec_" + "A".repeat(32), SIGNATURE, BODY, THEN).outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void rejectsAnotherIdOrTimestamp() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookVerifier.verify(SECRET, "msg_other", TIMESTAMP, SIGNATURE, body, THEN).outcome())
                .isEqualTo(Outcome.REJECTED);
        assertThat(WebhookVerifier.verify(SECRET, ID, "1614265331", SIGNATURE, body, THEN).outcome())
                .isEqualTo(Outcome.REJECTED);
    }

    @Test
    void allowsFiveMinutesOfSkewEitherWayAndNoMore() {
        assertThat(verify(SECRET, SIGNATURE, BODY, THEN.plusSeconds(300)).outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(verify(SECRET, SIGNATURE, BODY, THEN.minusSeconds(300)).outcome()).isEqualTo(Outcome.VERIFIED);

        Verdict stale = verify(SECRET, SIGNATURE, BODY, THEN.plusSeconds(301));
        Verdict early = verify(SECRET, SIGNATURE, BODY, THEN.minusSeconds(301));

        assertThat(stale).isEqualTo(new Verdict(Outcome.REJECTED, "webhook-timestamp is 301 s old (tolerance 300 s)"));
        assertThat(early).isEqualTo(new Verdict(Outcome.REJECTED, "webhook-timestamp is 301 s ahead (tolerance 300 s)"));
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesMatches() {
        String rotated = "v1,Zm9yZ2VkIHNpZ25hdHVyZSBmcm9tIGFuIG9sZCBzZWNyZXQ= v1a,bm90LWEtdjEtc2lnbmF0dXJl "
                + "v1,not*base64 " + SIGNATURE;

        assertThat(verify(SECRET, rotated, BODY, THEN).outcome()).isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void rejectsWhenNoneOfSeveralSignaturesMatches() {
        String wrong = "v1,Zm9yZ2VkIHNpZ25hdHVyZSBmcm9tIGFuIG9sZCBzZWNyZXQ= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";

        assertThat(verify(SECRET, wrong, BODY, THEN).outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void ignoresOtherSignatureVersions() {
        String onlyV1a = "v1a," + SIGNATURE.substring(3);

        assertThat(verify(SECRET, onlyV1a, BODY, THEN))
                .isEqualTo(new Verdict(Outcome.REJECTED, "no v1 signature in webhook-signature"));
    }

    @Test
    void namesEveryMissingHeader() {
        Verdict verdict = WebhookVerifier.verify(SECRET, null, " ", SIGNATURE, new byte[0], THEN);

        assertThat(verdict).isEqualTo(new Verdict(Outcome.MISSING_HEADERS, "missing webhook-id, webhook-timestamp"));
    }

    @Test
    void rejectsATimestampThatIsNotWholeSeconds() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookVerifier.verify(SECRET, ID, "1614265330.5", SIGNATURE, body, THEN).outcome())
                .isEqualTo(Outcome.REJECTED);
        assertThat(WebhookVerifier.verify(SECRET, ID, "-1", SIGNATURE, body, THEN).outcome())
                .isEqualTo(Outcome.REJECTED);
    }

    @Test
    void refusesASecretThatIsNotBase64() {
        assertThatThrownBy(() -> verify("whsec_not base64!", SIGNATURE, BODY, THEN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
