package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract as served by the local stack: {@code GET /openapi.json} without credentials and without API
 * Gateway's extensions, {@code HEAD} on the public and admin {@code GET} routes, and the API Gateway request id as the
 * problem's {@code instance}. That the routes are the document's is {@link TemplateDeploysTheDocumentTest}.
 */
@ExtendWith(LocalStackExtension.class)
class OpenApiIT {

    @Test
    void theDocumentIsServedWithoutCredentials() {
        ApiClient anonymous = new ApiClient(LocalStackExtension.stack().baseUrl(), null);

        ApiClient.Reply reply = anonymous.get("/openapi.json");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.json().get("openapi").asText()).startsWith("3.0.");
        assertThat(reply.json().at("/paths/~1requests/post/operationId").asText()).isEqualTo("submitRequest");
        assertThat(reply.raw().body()).doesNotContain("x-amazon-apigateway").doesNotContain("$default");
    }

    @Test
    void headAnswersTheGetRoutesWithTheirHeadersAndNoBody() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(LocalStackExtension.stack().baseUrl(), account.apiKey());

        for (String path : new String[] {"/account", "/requests", "/models/kling-custom-voice", "/openapi.json"}) {
            ApiClient.Reply get = api.get(path);
            ApiClient.Reply head = api.send("HEAD", path, null, null);

            assertThat(head.status()).as(path).isEqualTo(get.status()).isEqualTo(200);
            assertThat(head.contentType()).as(path).isEqualTo(get.contentType());
            assertThat(head.raw().body()).as(path).isEmpty();
        }
        ApiClient.Reply missing = api.send("HEAD", "/requests/00000000-0000-7000-8000-000000000000", null, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void headAnswersTheAdminGetRoutesAndOtherMethodsAre405WithAllow() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient admin = new ApiClient(LocalStackExtension.stack().baseUrl(),
                LocalStackExtension.stack().adminToken());

        for (String path : new String[] {"/admin/accounts", "/admin/accounts/" + account.accountId(),
                "/admin/accounts/" + account.accountId() + "/keys"}) {
            ApiClient.Reply get = admin.get(path);
            ApiClient.Reply head = admin.send("HEAD", path, null, null);

            assertThat(head.status()).as(path).isEqualTo(get.status()).isEqualTo(200);
            assertThat(head.contentType()).as(path).isEqualTo(get.contentType());
            assertThat(head.raw().body()).as(path).isEmpty();
        }
        ApiClient.Reply put = admin.send("PUT", "/admin/accounts", "application/json", "{}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("allow")).contains("GET, POST");
        ApiClient.Reply unsigned = new ApiClient(LocalStackExtension.stack().baseUrl(), null)
                .send("HEAD", "/admin/accounts", null, null);
        assertThat(unsigned.status()).isEqualTo(401);
    }

    @Test
    void aProblemCarriesTheRequestIdOfTheCallAsInstance() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(LocalStackExtension.stack().baseUrl(), account.apiKey());

        ApiClient.Reply missing = api.get("/requests/00000000-0000-7000-8000-000000000000");
        JsonNode problem = missing.json();

        assertThat(missing.status()).isEqualTo(404);
        assertThat(problem.get("instance").asText()).isNotBlank()
                .isEqualTo(missing.header("apigw-requestid").orElseThrow());
        assertThat(problem.get("type").asText()).isEqualTo("https://voicegate.dev/README.md#problem-not-found");
    }
}
