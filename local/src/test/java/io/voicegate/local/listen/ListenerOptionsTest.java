package io.voicegate.local.listen;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerOptionsTest {

    @Test
    void defaultsToPort4000WithoutASecret() {
        assertThat(ListenerOptions.parse(new String[0])).isEqualTo(new ListenerOptions(4000, Optional.empty(), false));
    }

    @Test
    void takesAPortAndASecret() {
        ListenerOptions options = ListenerOptions.parse(new String[] {"--port", "4100", "--secret",
                WebhookVerifierTest.SECRET});

        assertThat(options).isEqualTo(new ListenerOptions(4100, Optional.of(WebhookVerifierTest.SECRET), false));
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> ListenerOptions.parse(new String[] {"--port", "70000"}))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> ListenerOptions.parse(new String[] {"--secret", "whsec_not base64!"}))
                .hasMessageContaining("--secret");
        assertThatThrownBy(() -> ListenerOptions.parse(new String[] {"--secret"}))
                .hasMessageContaining("Missing required parameter for option '--secret'");
        assertThatThrownBy(() -> ListenerOptions.parse(new String[] {"--verbose"}))
                .hasMessageContaining("Unknown option: '--verbose'");
    }
}
