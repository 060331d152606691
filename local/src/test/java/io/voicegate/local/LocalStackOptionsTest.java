package io.voicegate.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LocalStack.Options} as its builder makes them. */
class LocalStackOptionsTest {

    private static final Path TEMPLATE = Path.of("template.yaml");

    @Test
    void theDefaultsAreFreePortsInMemoryTheSimulatorAndTheTemplatesSchedules() {
        LocalStack.Options options = LocalStack.Options.builder(TEMPLATE).build();

        assertThat(options.template()).isEqualTo(TEMPLATE);
        assertThat(List.of(options.port(), options.dynamoPort(), options.sqsPort())).containsOnly(0);
        assertThat(options.allowInsecureWebhooks()).isTrue();
        assertThat(options.overrides()).isEmpty();
        assertThat(options.kling()).isEmpty();
        assertThat(options.publicBaseUrl()).isEmpty();
        assertThat(options.scheduleInterval()).isEmpty();
        assertThat(options.dataDir()).isEmpty();
        assertThat(options.maxReceiveCounts()).isEmpty();
        assertThat(options.awsInterceptors().apply("ApiFunction")).isEmpty();
        assertThat(options.untriggered()).isEmpty();
        assertThat(options.simulator()).isEqualTo(LocalStack.SimulatorSettings.DEFAULTS);
    }

    @Test
    void overridesAndReceiveCountsAddUpAndALaterValueWins() {
        LocalStack.Options options = LocalStack.Options.builder(TEMPLATE)
                .overrides(Map.of("A", "1", "B", "1")).overrides(Map.of("B", "2"))
                .maxReceiveCount("DeliveryQueue", 3).maxReceiveCount("DispatchQueue", 5)
                .maxReceiveCount("DeliveryQueue", 4).untriggered(Set.of("DispatchFunction")).build();

        assertThat(options.overrides()).isEqualTo(Map.of("A", "1", "B", "2"));
        assertThat(options.maxReceiveCounts()).isEqualTo(Map.of("DeliveryQueue", 4, "DispatchQueue", 5));
        assertThat(options.untriggered()).containsExactly("DispatchFunction");
    }
}
