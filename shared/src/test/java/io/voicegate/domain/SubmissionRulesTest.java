package io.voicegate.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every validation rule of a submission; each failure names its field. */
class SubmissionRulesTest {

    private final SubmissionRules rules = new SubmissionRules(
            ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000)), false);

    static Map<String, Object> body(Map<String, Object> payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "kling-custom-voice");
        body.put("payload", payload);
        return body;
    }

    static Map<String, Object> payload(Object... pairs) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            payload.put((String) pairs[i], pairs[i + 1]);
        }
        return payload;
    }

    private List<FieldError> errors(Object body) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> rules.validate(body));
        assertThat(e).as("expected a validation failure").isNotNull();
        return e.errors();
    }

    private List<String> fields(Object body) {
        return errors(body).stream().map(FieldError::field).toList();
    }

    @Test
    void aValidUrlSubmission() {
        Submission submission = rules.validate(body(payload("voice_name", "ada",
                "voice_url", "https://cdn.example.com/clips/ada.MP3?sig=abc")));

        assertThat(submission.model().id()).isEqualTo("kling-custom-voice");
        assertThat(submission.payload().voiceUrl()).contains("https://cdn.example.com/clips/ada.MP3?sig=abc");
        assertThat(submission.payload().videoId()).isEmpty();
        assertThat(submission.webhookUrl()).isEmpty();
    }

    @Test
    void aValidVideoSubmissionWithWebhook() {
        Map<String, Object> body = body(payload("voice_name", "grace", "video_id", "abc_DEF-123", "voice_url", " "));
        body.put("webhook", Map.of("url", "https://client.example.com/hooks"));

        Submission submission = rules.validate(body);

        assertThat(submission.payload().videoId()).contains("abc_DEF-123");
        assertThat(submission.payload().voiceUrl()).as("a blank string counts as absent").isEmpty();
        assertThat(submission.webhookUrl()).contains("https://client.example.com/hooks");
    }

    @Test
    void unknownModelListsTheSupportedIds() {
        Map<String, Object> body = body(payload("voice_name", "ada", "video_id", "v1"));
        body.put("model", "kling-video");

        List<FieldError> errors = errors(body);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("model");
            assertThat(e.message()).contains("kling-custom-voice");
        });
    }

    @Test
    void missingModelAndPayload() {
        assertThat(fields(Map.of())).containsExactlyInAnyOrder("model", "payload");
        assertThat(fields(Map.of("model", 7, "payload", "x"))).containsExactlyInAnyOrder("model", "payload");
    }

    @Test
    void bodyMustBeAnObject() {
        assertThat(fields(List.of(1))).containsExactly("body");
        assertThat(fields("text")).containsExactly("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void voiceNameMustNotBeBlank(String name) {
        assertThat(fields(body(payload("voice_name", name, "video_id", "v1")))).containsExactly("payload.voice_name");
    }

    @Test
    void voiceNameIsOneToTwentyCodePoints() {
        String twentyEmoji = "\uD83D\uDE00".repeat(20);
        rules.validate(body(payload("voice_name", twentyEmoji, "video_id", "v1")));
        rules.validate(body(payload("voice_name", "a", "video_id", "v1")));

        assertThat(fields(body(payload("voice_name", "x".repeat(21), "video_id", "v1"))))
                .containsExactly("payload.voice_name");
        assertThat(fields(body(payload("voice_name", twentyEmoji + "a", "video_id", "v1"))))
                .containsExactly("payload.voice_name");
    }

    @Test
    void voiceNameIsRequiredAndAString() {
        assertThat(fields(body(payload("video_id", "v1")))).containsExactly("payload.voice_name");
        assertThat(fields(body(payload("voice_name", 42, "video_id", "v1")))).containsExactly("payload.voice_name");
    }

    @Test
    void exactlyOneSource() {
        assertThat(fields(body(payload("voice_name", "ada")))).containsExactly("payload");
        assertThat(fields(body(payload("voice_name", "ada", "voice_url", "", "video_id", ""))))
                .containsExactly("payload");
        assertThat(fields(body(payload("voice_name", "ada", "voice_url", "https://x.example.com/a.mp3",
                "video_id", "v1")))).containsExactly("payload");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ftp://x.example.com/a.mp3, absolute",
            "/relative/a.mp3, absolute",
            "https:///a.mp3, absolute",
            "https://x.example.com/a.txt, .mp3",
            "https://x.example.com/a.mp3.exe, .mp3",
            "https://x.example.com/, .mp3",
            "https://localhost/a.mp3, public",
            "https://api.localhost/a.mp3, public",
            "https://127.0.0.1/a.mp3, public",
            "https://10.1.2.3/a.mp3, public",
            "https://172.16.0.1/a.mp3, public",
            "https://192.168.1.1/a.mp3, public",
            "https://169.254.169.254/latest/a.mp3, public",
            "https://100.64.0.1/a.mp3, public",
            "https://0.0.0.0/a.mp3, public",
            "https://[::1]/a.mp3, public",
            "https://[fe80::1]/a.mp3, public",
            "https://[fd00:ec2::254]/a.mp3, public",
            "https://[::ffff:127.0.0.1]/a.mp3, public",
            "https://2130706433/a.mp3, host name",
            "https://0x7f.1/a.mp3, host must be a host name",
            "https://0x7f000001/a.mp3, host name",
            "https://metadata.google.internal/a.mp3, public",
            "https://intranet/a.mp3, public",
            "https://user:pw@x.example.com/a.mp3, credentials",
            "https://a.example.com:99999/a.mp3, port must be 1-65535",
            "https://a.example.com:0/a.mp3, port must be 1-65535",
            "https://x.example.com/a b.mp3, valid"})
    void voiceUrlRules(String url, String messagePart) {
        List<FieldError> errors = errors(body(payload("voice_name", "ada", "voice_url", url)));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("payload.voice_url");
            assertThat(e.message()).contains(messagePart);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://x.example.com/a.wav", "http://x.example.com/a.MOV", "https://8.8.8.8/a.mp4",
            "https://[2606:4700::1111]/clip.mp3", "https://x.example.com/a.mp3#t=5"})
    void acceptedVoiceUrls(String url) {
        assertThat(rules.validate(body(payload("voice_name", "ada", "voice_url", url))).payload().voiceUrl())
                .contains(url);
    }

    @Test
    void voiceUrlAtMost2048Characters() {
        String prefix = "https://x.example.com/";
        String atLimit = prefix + "a".repeat(2048 - prefix.length() - 4) + ".mp3";

        rules.validate(body(payload("voice_name", "ada", "voice_url", atLimit)));
        assertThat(fields(body(payload("voice_name", "ada", "voice_url", "a" + atLimit))))
                .containsExactly("payload.voice_url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "slash/", "dot.", "ü"})
    void videoIdCharacters(String id) {
        assertThat(fields(body(payload("voice_name", "ada", "video_id", id)))).containsExactly("payload.video_id");
    }

    @Test
    void videoIdLength() {
        rules.validate(body(payload("voice_name", "ada", "video_id", "v".repeat(128))));
        assertThat(fields(body(payload("voice_name", "ada", "video_id", "v".repeat(129)))))
                .containsExactly("payload.video_id");
        assertThat(fields(body(payload("voice_name", "ada", "video_id", 123)))).containsExactly("payload.video_id");
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        Map<String, Object> body = body(payload("voice_name", "ada", "voice_uri", "https://x.example.com/a.mp3",
                "video_id", "v1"));
        body.put("callback", "x");
        body.put("webhook", Map.of("url", "https://client.example.com/h", "secret", "s"));

        assertThat(fields(body)).containsExactlyInAnyOrder("callback", "payload.voice_uri", "webhook.secret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://client.example.com/h, https", "https://127.0.0.1/h, public", "https://localhost:8443/h, public",
            "not a url, https", "https://10.0.0.8/h, public"})
    void webhookUrlMustBeHttpsToAPublicHost(String url, String messagePart) {
        Map<String, Object> body = body(payload("voice_name", "ada", "video_id", "v1"));
        body.put("webhook", Map.of("url", url));

        assertThat(errors(body)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("webhook.url");
            assertThat(e.message()).contains(messagePart);
        });
    }

    @Test
    void webhookShapeErrors() {
        Map<String, Object> body = body(payload("voice_name", "ada", "video_id", "v1"));
        body.put("webhook", "https://client.example.com/h");
        assertThat(fields(body)).containsExactly("webhook");
        body.put("webhook", new HashMap<>());
        assertThat(fields(body)).containsExactly("webhook.url");
        body.put("webhook", null);
        assertThat(rules.validate(body).webhookUrl()).isEmpty();
    }

    @Test
    void theLocalSwitchAllowsHttpAndLoopbackWebhooksOnly() {
        SubmissionRules local = new SubmissionRules(ModelCatalog.standard(Money.ofMicros(1), Money.ofMicros(1)), true);
        Map<String, Object> body = body(payload("voice_name", "ada", "video_id", "v1"));

        body.put("webhook", Map.of("url", "http://127.0.0.1:9000/hooks"));
        assertThat(local.validate(body).webhookUrl()).contains("http://127.0.0.1:9000/hooks");
        body.put("webhook", Map.of("url", "http://localhost:9000/hooks"));
        assertThat(local.validate(body).webhookUrl()).isPresent();
        body.put("webhook", Map.of("url", "http://10.0.0.8/hooks"));
        assertThat(catchThrowableOfType(ValidationException.class, () -> local.validate(body)).errors())
                .extracting(FieldError::field).containsExactly("webhook.url");
    }

    @Test
    void allErrorsAreReportedTogether() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "nope");
        body.put("payload", payload("voice_name", "", "voice_url", "ftp://x/a.mp3"));
        body.put("webhook", Map.of("url", "http://x.example.com"));
        body.put("extra", true);

        assertThat(fields(body)).containsExactlyInAnyOrder("model", "payload.voice_name", "payload.voice_url",
                "webhook.url", "extra");
    }

    @Test
    void theValidatedPayloadKeepsOnlyItsSource() {
        Submission submission = rules.validate(body(payload("voice_name", "ada", "video_id", "v1")));

        assertThat(Request.payloadFields(submission.payload())).containsExactly(Map.entry("voice_name", "ada"),
                Map.entry("video_id", "v1"));
        assertThat(submission.webhookUrl()).isEqualTo(Optional.empty());
    }
}
