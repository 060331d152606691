package io.voicegate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.app.Gateway;
import io.voicegate.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API reads its bodies as the public API reads a submission, and refuses what it refuses. */
class AdminApiEdgesTest {

    private static final String CREDIT = "{\"amount_micros\":5000,\"reference\":\"topup-1\"}";

    private final Gateway gateway = new Gateway();

    private ApiResponse credit(String contentType, String body) {
        return gateway.adminApi().handle(new ApiRequest("POST /admin/accounts/{account_id}/credits",
                "/admin/accounts/" + Gateway.ACCOUNT + "/credits", Map.of("account_id", Gateway.ACCOUNT), Map.of(),
                contentType == null ? Map.of() : Map.of("content-type", contentType), body), Optional.of("operator"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "NONE"})
    void aBodyNotSentAsJsonIs415AndChangesNothing(String contentType) {
        ApiResponse response = credit(contentType.equals("NONE") ? null : contentType, CREDIT);

        assertThat(response.status()).isEqualTo(415);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"{|is not valid JSON", "{\"a\":1,\"a\":2}|has the same field twice",
            "[]|must be a JSON object", "{} x|is not valid JSON"})
    void aMalformedBodyIsExplainedAsThePublicApiExplainsIt(String body, String explanation) throws Exception {
        ApiResponse response = credit("application/json; charset=utf-8", body);

        JsonNode problem = Json.mapper().readTree(String.valueOf(response.body()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(problem.toString()).contains("body").contains(explanation);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json", "Application/JSON; charset=utf-8"})
    void aJsonBodyIsRead(String contentType) {
        assertThat(credit(contentType, CREDIT).status()).isEqualTo(201);
    }

    /** A field missing from the body is said once, as missing, not again by the use case's rule for its value. */
    @Test
    void aMissingFieldIsNamedOnce() throws Exception {
        ApiResponse response = gateway.adminApi().handle(new ApiRequest("POST /admin/accounts", "/admin/accounts",
                Map.of(), Map.of(), Map.of("content-type", "application/json"), "{}"), Optional.of("operator"));

        JsonNode problem = Json.mapper().readTree(String.valueOf(response.body()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsText("field")).doesNotHaveDuplicates().contains("account_id");
    }

    /** Each problem in a list names its own element, also after an element that is not a string. */
    @Test
    void aProblemInAListNamesItsOwnIndex() throws Exception {
        ApiResponse response = gateway.adminApi().handle(new ApiRequest("POST /admin/accounts", "/admin/accounts",
                Map.of(), Map.of(), Map.of("content-type", "application/json"), "{\"account_id\":\"initech\","
                + "\"initial_balance_micros\":0,\"allowed_principals\":[5,\"\",\"AIDA1\",\"AIDA1\"]}"),
                Optional.of("operator"));

        JsonNode problem = Json.mapper().readTree(String.valueOf(response.body()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("allowed_principals[0]",
                "allowed_principals[1]", "allowed_principals[3]");
    }
}
