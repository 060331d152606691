package io.voicegate.adapter.webhook;

import io.voicegate.domain.ModelCatalog;
import io.voicegate.domain.Money;
import io.voicegate.domain.SubmissionRules;
import io.voicegate.domain.ValidationException;
import io.voicegate.domain.WebhookUrls;
import io.voicegate.port.WebhookSender.TargetRefusedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook-URL rule is one function ({@link WebhookUrls#problem}): a URL the submit accepts is one the delivery
 * sends to, and one it refuses is refused before any delivery too, with the same reason — with and without the local
 * stack's insecure switch.
 */
class WebhookUrlRuleTest {

    private static final ModelCatalog CATALOG = ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000));

    @ParameterizedTest(name = "{0} (insecure allowed: {1})")
    @CsvSource(delimiter = '|', value = {
            "https://client.example.com/hooks|false|",
            "https://client.example.com:8443/h?x=1|false|",
            "https://93.184.216.34/h|false|",
            "http://client.example.com/h|false|must be an absolute https URL with a host",
            "http://client.example.com/h|true|",
            "https://user:pw@client.example.com/h|false|must not contain user credentials",
            "https://127.0.0.1/h|false|host must be a public address",
            "http://127.0.0.1:9000/h|true|",
            "https://localhost/h|false|host must be a public host",
            "https://localhost/h|true|",
            "https://10.0.0.5/h|true|host must be a public address",
            "https://metadata/h|false|host must be a public host",
            "https://printer.local/h|false|host must be a public host",
            "https://[::1]/h|false|host must be a public address",
            "https://under_score.example.com/h|false|" + WebhookUrls.HOST_PROBLEM,
            "https://ελληνικά.com/h|false|" + WebhookUrls.HOST_PROBLEM,
            "https://xn--hxargifdar.com/h|false|",
            "https://a234567890123456789012345678901234567890123456789012345678901234.example.com/h|false|"
                    + "host is not a valid TLS host name",
            "mailto:ops@client.example.com|false|must be an absolute https URL with a host",
            "https://client.example.com:65536/h|false|port must be 1-65535",
            "https://client.example.com:0/h|false|port must be 1-65535",
            "https://client.example.com:65535/h|false|",
            "ftp://client.example.com/h|true|must be an absolute https or http URL with a host"})
    void submitAndDeliveryApplyTheSameRule(String url, boolean insecure, String expected) {
        Optional<String> problem = WebhookUrls.problem(URI.create(url), insecure);

        assertThat(problem).isEqualTo(Optional.ofNullable(expected));
        assertThat(submitProblem(url, insecure)).as("at submit").isEqualTo(problem);
        assertThat(deliveryProblem(url, insecure)).as("at delivery").isEqualTo(problem.map(p -> "webhook URL " + p));
    }

    private static Optional<String> submitProblem(String url, boolean insecure) {
        try {
            new SubmissionRules(CATALOG, insecure).validate(Map.of("model", ModelCatalog.KLING_CUSTOM_VOICE,
                    "payload", Map.of("voice_name", "ada", "video_id", "v1"), "webhook", Map.of("url", url)));
            return Optional.empty();
        } catch (ValidationException e) {
            return e.errors().stream().filter(f -> f.field().equals("webhook.url")).map(f -> f.message())
                    .findFirst();
        }
    }

    private static Optional<String> deliveryProblem(String url, boolean insecure) {
        try {
            WebhookTarget.parse(URI.create(url), insecure);
            return Optional.empty();
        } catch (TargetRefusedException e) {
            return Optional.of(e.getMessage());
        }
    }
}
