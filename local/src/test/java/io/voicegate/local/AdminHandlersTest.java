package io.voicegate.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.voicegate.reconcile.KlingBillHandler;
import io.voicegate.submit.AdminApiHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API and the daily reconciliation handlers, fed the fixtures in {@code events/}, on the real engines. */
@ExtendWith(LocalStackExtension.class)
class AdminHandlersTest {

    private final LocalStack stack = LocalStackExtension.stack();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "admin-list-accounts.json, 200",
            "admin-get-reconciliation.json, 404",
            "admin-without-iam.json, 403"})
    void adminFixturesGetTheirStatus(String fixture, int status) {
        AdminApiHandler handler = new AdminApiHandler(stack.function("AdminFunction").wiring());
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(SqsIntakeIT.fixture("apigw/" + fixture));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().get("content-type"))
                .isEqualTo(status < 400 ? "application/json" : "application/problem+json");
    }

    @Test
    void theDailyRunReconcilesThePreviousUtcDayAndKeepsItsReport() {
        KlingBillHandler handler = new KlingBillHandler(stack.function("KlingBillFunction").wiring());
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);

        String summary = handler.handleRequest(EventLoader.loadScheduledEvent(SqsIntakeIT.fixture(
                "schedule/kling-bill.json")), null);

        assertThat(summary).startsWith(yesterday + ": ").contains("tasks checked");
        assertThat(new ApiClient(stack.baseUrl(), stack.adminToken()).get("/admin/reconciliation?date="
                + yesterday).status()).isEqualTo(200);
    }
}
