package io.voicegate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.app.Gateway;
import io.voicegate.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API at its edges: text that is not well-formed, names that are blank to a person, parse failures in
 * plain words, idempotency by request rather than bytes, and ids or keys that cannot exist.
 */
class PublicApiEdgesTest {

    private final Gateway gateway = new Gateway();

    private static JsonNode json(ApiResponse response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private void assertRefusedWithoutCharge(ApiResponse response, String field) throws Exception {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().get("content-type")).isEqualTo(ApiResponse.PROBLEM_JSON);
        assertThat(json(response).at("/errors/0/field").asText()).isEqualTo(field);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
        assertThat(gateway.dispatched).isEmpty();
    }

    // 1. Text must be well-formed before it is validated, and never rewritten after.

    @Test
    void anUnpairedSurrogateInTheVoiceNameIsRefusedNamingTheField() throws Exception {
        ApiResponse response = gateway.submit(Gateway.body("ab\\ud800cd"), Optional.empty());

        assertRefusedWithoutCharge(response, "payload.voice_name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cdn.example.com/a\\udc00.mp3", "https://cdn.example.com/a\\ud800?.mp3",
            "https://cdn.example.com/a\\ud83d.mp3"})
    void anUnpairedSurrogateInTheVoiceUrlIsRefusedBeforeTheExtensionCheck(String url) throws Exception {
        String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\",\"voice_url\":\""
                + url + "\"}}";

        assertRefusedWithoutCharge(gateway.submit(body, Optional.empty()), "payload.voice_url");
    }

    @Test
    void anUnpairedSurrogateInAFieldNameOrTheWebhookIsRefused() throws Exception {
        String webhook = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\",\"video_id\":\"v1\"},"
                + "\"webhook\":{\"url\":\"https://h.example.com/\\udfff\"}}";
        String key = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\",\"video_id\":\"v1\","
                + "\"x\\ud800\":1}}";

        assertRefusedWithoutCharge(gateway.submit(webhook, Optional.empty()), "webhook.url");
        assertRefusedWithoutCharge(gateway.submit(key, Optional.empty()), "body");
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedNamingTheBody() throws Exception {
        Map<String, String> headers = Map.of("authorization", "Bearer " + Gateway.API_KEY,
                "content-type", "application/json");
        ApiRequest request = new ApiRequest("POST /requests", "/requests", Map.of(), Map.of(), headers,
                "{\"model\":\"kling-custom-voice\"}", false);

        assertRefusedWithoutCharge(gateway.publicApi().handle(request), "body");
    }

    @Test
    void wellFormedTextIsStoredAndShownExactlyAsSent() throws Exception {
        String name = "Zoë 👩‍💻 ada";
        String url = "https://cdn.example.com/stimme/Zoë%20𝄞.mp3?sig=a+b";
        String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + name
                + "\",\"voice_url\":\"" + url + "\"}}";

        ApiResponse response = gateway.submit(body, Optional.empty());

        assertThat(response.status()).isEqualTo(202);
        String id = json(response).get("request_id").asText();
        assertThat(gateway.store.find(id).orElseThrow().payload())
                .containsEntry("voice_name", name).containsEntry("voice_url", url);
    }

    // 2. "Not blank" means not blank to a person.

    @ParameterizedTest
    @ValueSource(strings = {"\\u00a0\\u00a0", "\\u3000", "\\u200b", "\\u2060\\ufeff", "\\u3164", "\\u00ad",
            "\\u180e", " \\u2028 ", "a\\u0000", "a\\tb", "ad\\na", "\\u0085", "a\\u007f", "a\\ue000",
            "\\udb80\\udc00x"})
    void voiceNamesBlankToAPersonOrWithControlCharactersAreRefused(String escaped) throws Exception {
        assertRefusedWithoutCharge(gateway.submit(Gateway.body(escaped), Optional.empty()), "payload.voice_name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "a b", "Zoë", "李雷", "\\u00a0a\\u00a0", "👩\\u200d💻", "a\\u200bb", "ا\\u061c"})
    void voiceNamesWithAVisibleCharacterAreAccepted(String escaped) {
        assertThat(gateway.submit(Gateway.body(escaped), Optional.empty()).status()).isEqualTo(202);
    }

    // 8. Problem details speak our language.

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"kling-custom-voice\"} {}", "{\"model\":1,\"model\":2}", "{\"model\":",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "{'model':'x'}", "nul", "{\"a\":NaN}", "\"text\"", "{\"model\":\"kling-custom-voice\"}]"})
    void parseFailuresAreAPlainSentenceNamingTheBody(String body) throws Exception {
        ApiResponse response = gateway.submit(body, Optional.empty());

        assertThat(response.status()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("body");
        assertThat(response.body()).doesNotContainPattern("(?i)jackson|fasterxml|Feature|Constraints|Exception"
                + "|java\\.|\\bat \\[Source|JsonToken|START_|END_|VALUE_");
    }

    @Test
    void deepNestingIsAPlainSentence() throws Exception {
        String body = "[".repeat(2_000) + "]".repeat(2_000);

        ApiResponse response = gateway.submit(body, Optional.empty());

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).at("/errors/0/message").asText()).isEqualTo(
                "is too deeply nested or has a value that is too long");
    }

    // 9. Idempotency compares requests, not bytes.

    @Test
    void theSameRequestWithKeysReorderedAndOtherWhiteSpaceIsReplayed() throws Exception {
        String first = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\",\"video_id\":\"v1\"}}";
        String same = "{\n  \"payload\" : { \"video_id\" : \"v1\", \"voice_name\" : \"ada\" },\n"
                + "  \"model\" : \"kling-custom-voice\"\n}\n";

        ApiResponse one = gateway.submit(first, Optional.of("order-42"));
        ApiResponse two = gateway.submit(same, Optional.of("order-42"));

        assertThat(two.status()).isEqualTo(202);
        assertThat(two.headers()).containsEntry("idempotent-replayed", "true");
        assertThat(json(two).get("request_id")).isEqualTo(json(one).get("request_id"));
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
    }

    @Test
    void aDifferentValueUnderTheSameKeyIsStillAConflict() {
        gateway.submit(Gateway.body("ada"), Optional.of("order-43"));

        ApiResponse other = gateway.submit(Gateway.body("bob"), Optional.of("order-43"));

        assertThat(other.status()).isEqualTo(422);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
    }

    // 10. Ids from the path are checked before they reach storage.

    @Test
    void aRequestIdThatCannotExistIsNotFoundWithoutAStorageCall() throws Exception {
        String id = "r".repeat(2_049);
        Map<String, String> auth = Map.of("authorization", "Bearer " + Gateway.API_KEY);
        int before = storageCalls();

        ApiResponse response = gateway.call("GET /requests/{request_id}", "/requests/" + id,
                Map.of("request_id", id), auth, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain(id);
        assertThat(storageCalls() - before).as("only the API-key lookup").isEqualTo(1);
    }

    @Test
    void aVoiceIdThatCannotExistIsNotFoundWithoutAStorageCall() {
        String id = "9".repeat(1_100);
        Map<String, String> auth = Map.of("authorization", "Bearer " + Gateway.API_KEY);
        int before = storageCalls();

        ApiResponse response = gateway.call("DELETE /voices/{voice_id}", "/voices/" + id, Map.of("voice_id", id),
                auth, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(storageCalls() - before).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer vg_test_key_123\u0000", "Bearer vg_test_key_123\t", "Bearer \u000bvg_test_key_123",
            "Bearer vg_test_key_123\r\n", "Bearer\tvg_test_key_123", "Bearer vg_test_key_123 x", "Bearer",
            "Basic vg_test_key_123"})
    void anAuthorizationValueThatIsNotExactlyABearerTokenIsUnauthorized(String value) {
        Map<String, String> headers = new HashMap<>(Map.of("authorization", value));

        ApiResponse response = gateway.call("GET /account", "/account", Map.of(), headers, null);

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void aWellFormedBearerTokenStillAuthenticates() {
        ApiResponse response = gateway.call("GET /account", "/account", Map.of(),
                Map.of("authorization", "bearer  " + Gateway.API_KEY), null);

        assertThat(response.status()).isEqualTo(200);
    }

    // 12. Balances may go below zero, visibly.

    @Test
    void aNegativeBalanceIsShownAndSubmitsAreRefused() throws Exception {
        gateway.store.withBalance(Gateway.ACCOUNT, -7_000);

        JsonNode account = json(gateway.call("GET /account", "/account", Map.of(),
                Map.of("authorization", "Bearer " + Gateway.API_KEY), null));
        ApiResponse submit = gateway.submit(Gateway.body("ada"), Optional.empty());

        assertThat(account.get("balance_micros").asLong()).isEqualTo(-7_000);
        assertThat(account.get("negative_balance").asBoolean()).isTrue();
        assertThat(account.get("notice").asText()).contains("below zero");
        assertThat(submit.status()).isEqualTo(402);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(-7_000);
    }

    @Test
    void aPositiveBalanceCarriesNoNotice() throws Exception {
        JsonNode account = json(gateway.call("GET /account", "/account", Map.of(),
                Map.of("authorization", "Bearer " + Gateway.API_KEY), null));

        assertThat(account.get("negative_balance").asBoolean()).isFalse();
        assertThat(account.has("notice")).isFalse();
    }

    /** An operator's credit shows its reference, a request's entry its request, as the statement shows them. */
    @Test
    void theAccountsLedgerNamesAnOperatorsReferenceAndARequestsId() throws Exception {
        new io.voicegate.app.AdjustBalance(new io.voicegate.app.InMemoryLedger(gateway.store), gateway.clock)
                .credit(Gateway.ACCOUNT, io.voicegate.domain.Money.ofMicros(5_000), "topup-1", Optional.empty());
        String requestId = json(gateway.submit(Gateway.body("ada"), Optional.empty())).get("request_id").asText();

        JsonNode ledger = json(gateway.call("GET /account", "/account", Map.of(),
                Map.of("authorization", "Bearer " + Gateway.API_KEY), null)).get("ledger");

        JsonNode credit = null;
        JsonNode hold = null;
        for (JsonNode entry : ledger) {
            credit = entry.get("kind").asText().equals("credit") ? entry : credit;
            hold = entry.get("kind").asText().equals("hold") ? entry : hold;
        }
        assertThat(credit).isNotNull();
        assertThat(credit.get("reference").asText()).isEqualTo("topup-1");
        assertThat(credit.has("request_id")).isFalse();
        assertThat(hold).isNotNull();
        assertThat(hold.get("request_id").asText()).isEqualTo(requestId);
        assertThat(hold.has("reference")).isFalse();
    }

    private int storageCalls() {
        return gateway.storageCalls();
    }
}
