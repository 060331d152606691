package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.PathItem;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract as served by the local stack: {@code GET /openapi.json} without credentials, every HttpApi route of
 * the template documented (and nothing documented that is not routed), {@code HEAD} on the {@code GET} routes, and
 * the API Gateway request id as the problem's {@code instance}.
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
    }

    @Test
    void everyTemplateRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
        SamTemplate template = SamTemplate.load(LocalStackExtension.root().resolve("template.yaml"));
        Set<String> routed = new TreeSet<>();
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Event event : function.events()) {
                Object path = event.properties().get("Path");
                Object method = event.properties().get("Method");
                if (event.type().equals("HttpApi") && path != null && !"ANY".equals(method)) {
                    routed.add(method.toString().toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        OpenApiContract.document().getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach((PathItem.HttpMethod method) -> documented.add(method.name() + " " + path)));

        assertThat(documented).isEqualTo(routed);
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
