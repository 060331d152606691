package io.voicegate.local;

import io.voicegate.local.runtime.LocalFunction;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each function's init runs when the stack starts, as Lambda runs it before a first event: a configuration a function
 * refuses stops the stack with one sentence naming the function and the reason, rather than a stack that says it is
 * ready and then fails every call.
 */
class FunctionInitIT {

    @Test
    void aFunctionThatCannotStartStopsTheStackNamingIt() {
        LocalStack.Options options = LocalStack.Options.builder(LocalStackExtension.root().resolve("template.yaml"))
                // the first re-query may not come after the processing deadline, which the dispatch worker refuses
                .overrides(Map.of("PROCESSING_DEADLINE_SECONDS", "5", "REQUERY_FIRST_SECONDS", "10")).build();

        assertThatThrownBy(() -> LocalStack.start(options).close())
                .isInstanceOf(LocalFunction.InitFailedException.class)
                .hasMessageContaining("cannot start").hasMessageContaining("Function");
    }
}
