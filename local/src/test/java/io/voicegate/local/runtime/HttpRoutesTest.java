package io.voicegate.local.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Route matching follows API Gateway HTTP API precedence. */
class HttpRoutesTest {

    private final HttpRoutes routes = new HttpRoutes();

    HttpRoutesTest() {
        routes.add("GET", "/requests/{request_id}", null);
        routes.add("ANY", "/requests/{request_id}", null);
        routes.add("GET", "/requests/latest", null);
        routes.add("POST", "/requests", null);
        routes.add(null, null, null);
    }

    @Test
    void exactMethodBeatsAny() {
        assertThat(routes.match("GET", "/requests/abc").orElseThrow().route().routeKey())
                .isEqualTo("GET /requests/{request_id}");
        assertThat(routes.match("PUT", "/requests/abc").orElseThrow().route().routeKey())
                .isEqualTo("ANY /requests/{request_id}");
    }

    @Test
    void literalSegmentBeatsParameter() {
        assertThat(routes.match("GET", "/requests/latest").orElseThrow().route().routeKey())
                .isEqualTo("GET /requests/latest");
    }

    @Test
    void pathParametersAreBound() {
        assertThat(routes.match("GET", "/requests/r-1").orElseThrow().pathParameters())
                .containsEntry("request_id", "r-1");
    }

    @Test
    void everythingElseFallsToTheDefaultRoute() {
        assertThat(routes.match("GET", "/requests").orElseThrow().route().routeKey()).isEqualTo("$default");
        assertThat(routes.match("GET", "/requests/a/b").orElseThrow().route().routeKey()).isEqualTo("$default");
    }
}
