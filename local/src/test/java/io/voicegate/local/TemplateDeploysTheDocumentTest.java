package io.voicegate.local;

import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.voicegate.http.OpenApiDocument;
import io.voicegate.local.template.ApiDefinition;
import io.voicegate.local.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.voicegate.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code template.yaml} deploys is what {@code openapi.yaml} documents: the HttpApi's definition is an
 * {@code AWS::Include} of the very file {@code GET /openapi.json} serves, no function adds routes of its own, every
 * documented operation is a route to a function of the template (and nothing else is), admin routes and only they are
 * AWS_IAM, every {@code GET} path answers {@code HEAD} (an {@code ANY} route), and API Gateway may call each function a
 * route names.
 */
class TemplateDeploysTheDocumentTest {

    private static final Path ROOT = Path.of(System.getProperty("voicegate.root", "..")).toAbsolutePath().normalize();
    private static final Map<String, String> HANDLERS = Map.of("ApiFunction", "io.voicegate.submit.HttpApiHandler",
            "AdminFunction", "io.voicegate.submit.AdminApiHandler",
            "WebhookFunction", "io.voicegate.webhook.KlingCallbackHandler");

    private final SamTemplate template = SamTemplate.load(ROOT.resolve("template.yaml"));
    private final List<ApiDefinition.Route> routes = template.apiRoutes();

    @Test
    void theHttpApiIncludesTheServedDocumentAndNoFunctionAddsRoutes() {
        SamTemplate.Resource api = template.resources("AWS::Serverless::HttpApi").get(0);
        Map<String, Object> include = map(map(api.properties().get("DefinitionBody")).get("Fn::Transform"));

        assertThat(include.get("Name")).isEqualTo("AWS::Include");
        assertThat(ROOT.resolve(String.valueOf(map(include.get("Parameters")).get("Location"))).normalize())
                .isEqualTo(ROOT.resolve("shared/src/main/resources" + OpenApiDocument.RESOURCE));
        assertThat(template.definitionBody(api).orElseThrow()).isEqualTo(OpenApiDocument.load());
        assertThat(template.functions()).flatMap(SamTemplate.Function::events)
                .noneMatch(event -> event.type().equals("HttpApi") || event.type().equals("Api"));
    }

    @Test
    void everyDocumentedOperationIsARouteAndEveryRouteIsDocumented() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        Set<String> documented = new TreeSet<>();
        new OpenAPIV3Parser().readContents(OpenApiDocument.json(), null, options).getOpenAPI().getPaths()
                .forEach((path, item) -> item.readOperationsMap().keySet()
                        .forEach((PathItem.HttpMethod method) -> documented.add(method.name() + " " + path)));

        Set<String> deployed = routes.stream().filter(r -> !r.method().equals("ANY"))
                .map(r -> r.method() + " " + r.path()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> catchAllPaths = routes.stream().filter(r -> r.method().equals("ANY") && r.path() != null)
                .map(ApiDefinition.Route::path).collect(Collectors.toCollection(TreeSet::new));

        assertThat(deployed).isEqualTo(documented);
        assertThat(documented).map(route -> route.substring(route.indexOf(' ') + 1)).containsAll(catchAllPaths);
        assertThat(routes).filteredOn(r -> r.path() == null).singleElement()
                .satisfies(fallback -> assertThat(fallback.function()).isEqualTo("ApiFunction"));
    }

    @Test
    void eachRouteCallsTheFunctionOfItsKindAndOnlyAdminRoutesNeedSigV4() {
        Map<String, String> handlers = template.functions().stream()
                .collect(Collectors.toMap(SamTemplate.Function::logicalId, f -> f.handler()));

        for (ApiDefinition.Route route : routes) {
            String expected = route.path() == null ? "ApiFunction" : route.path().startsWith("/admin/")
                    ? "AdminFunction" : route.path().startsWith("/callbacks/") ? "WebhookFunction" : "ApiFunction";
            assertThat(route.function()).as(route.toString()).isEqualTo(expected);
            assertThat(handlers.get(route.function())).startsWith(HANDLERS.get(expected) + "::");
            assertThat(route.iam()).as(route.toString()).isEqualTo(route.path() != null
                    && route.path().startsWith("/admin/"));
        }
    }

    @Test
    void everyGetPathAnswersHeadThroughItsAnyRoute() {
        Set<String> getPaths = routes.stream().filter(r -> r.method().equals("GET")).map(ApiDefinition.Route::path)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> anyPaths = routes.stream().filter(r -> r.method().equals("ANY") && r.path() != null)
                .map(ApiDefinition.Route::path).collect(Collectors.toCollection(TreeSet::new));

        assertThat(anyPaths).containsAll(getPaths).contains("/admin/accounts", "/admin/reconciliation");
    }

    @Test
    void apiGatewayMayInvokeTheAliasOfEveryFunctionARouteNames() {
        Set<String> invoked = new TreeSet<>();
        for (SamTemplate.Resource permission : template.resources("AWS::Lambda::Permission")) {
            assertThat(permission.properties()).containsEntry("Principal", "apigateway.amazonaws.com")
                    .containsEntry("Action", "lambda:InvokeFunction");
            String function = String.valueOf(map(permission.properties().get("FunctionName")).get("Ref"));
            assertThat(function).endsWith(".Alias");
            invoked.add(function.substring(0, function.length() - ".Alias".length()));
        }

        assertThat(invoked).isEqualTo(routes.stream().map(ApiDefinition.Route::function)
                .collect(Collectors.toCollection(TreeSet::new)));
    }
}
