package io.voicegate.submit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.app.Gateway;
import io.voicegate.json.Json;
import io.voicegate.lambda.Fixtures;
import io.voicegate.port.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' API handler fed the admin fixtures in {@code events/}, with the API on the in-memory fakes. */
class AdminApiHandlerTest {

    private final Gateway gateway = new Gateway();
    private final AdminApiHandler handler = new AdminApiHandler(gateway.adminApi(), Metrics.NONE);

    private static APIGatewayV2HTTPEvent fixture(String name) {
        return EventLoader.loadApiGatewayHttpEvent(Fixtures.event("apigw/" + name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "admin-list-accounts.json, 200",
            "admin-get-reconciliation.json, 404",
            "admin-without-iam.json, 403"})
    void adminFixturesGetTheirStatus(String fixture, int status) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(fixture(fixture), null);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().get("content-type"))
                .isEqualTo(status < 400 ? "application/json" : "application/problem+json");
    }

    @Test
    void theAccountsListingShowsTheOpenAccounts() throws Exception {
        JsonNode page = Json.mapper().readTree(handler.handleRequest(fixture("admin-list-accounts.json"), null)
                .getBody());

        assertThat(page.get("accounts")).extracting(a -> a.get("account_id").asText())
                .containsExactly(Gateway.ACCOUNT);
        assertThat(page.get("accounts").get(0).get("balance_micros").asLong()).isEqualTo(Gateway.OPENING);
    }

    @Test
    void aCallWithoutAnIamIdentityChangesNothingAndSaysWhy() throws Exception {
        JsonNode problem = Json.mapper().readTree(handler.handleRequest(fixture("admin-without-iam.json"), null)
                .getBody());

        assertThat(problem.get("type").asText()).endsWith("#problem-forbidden");
        assertThat(problem.get("detail").asText()).contains("IAM");
    }
}
