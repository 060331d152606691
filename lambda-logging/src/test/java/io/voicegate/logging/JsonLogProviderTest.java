package io.voicegate.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogProviderTest {

    @Test
    void isTheBackendSlf4jFindsOnTheClasspath() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
        assertThat(LoggerFactory.getLogger("x")).isInstanceOf(JsonLogger.class);
    }

    @Test
    void givesSlf4jAWorkingMdc() {
        MDC.put("request_id", "r-1");

        assertThat(MDC.get("request_id")).isEqualTo("r-1");
        MDC.clear();
        assertThat(MDC.get("request_id")).isNull();
    }
}
