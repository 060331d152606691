package io.voicegate.domain.kling;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KlingExceptionTest {

    @ParameterizedTest(name = "code {0}, creating={1} -> {2}")
    @CsvSource({
        "1000, false, KlingOperatorException",
        "1001, false, KlingOperatorException",
        "1002, false, KlingOperatorException",
        "1003, true,  KlingOperatorException",
        "1004, true,  KlingOperatorException",
        "1100, false, KlingOperatorException",
        "1101, false, KlingOperatorException",
        "1102, true,  KlingOperatorException",
        "1103, false, KlingOperatorException",
        "1104, false, KlingOperatorException",
        "1200, true,  KlingRejectedException",
        "1201, true,  KlingRejectedException",
        "1202, false, KlingRejectedException",
        "1203, false, KlingRejectedException",
        "1300, true,  KlingRejectedException",
        "1301, true,  KlingRejectedException",
        "1302, true,  KlingRetryableException",
        "1303, true,  KlingRetryableException",
        "1304, true,  KlingOperatorException",
        "5000, true,  KlingAmbiguousException",
        "5000, false, KlingRetryableException",
        "5001, true,  KlingRetryableException",
        "5002, true,  KlingAmbiguousException",
        "5002, false, KlingRetryableException",
        "9999, true,  KlingOperatorException"})
    void theBusinessCodeChoosesTheClass(int code, boolean creating, String expected) {
        KlingException e = KlingException.forCode(code, "msg", Optional.of("rid-1"), creating);

        assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(e.code()).hasValue(code);
        assertThat(e.requestId()).contains("rid-1");
    }

    @ParameterizedTest
    @CsvSource({"1300, content_policy", "1301, content_policy", "1200, upstream_rejected",
        "1201, upstream_rejected", "1202, upstream_rejected", "1203, upstream_rejected"})
    void aRejectionCarriesAStableErrorCodeAndKlingsMessage(int code, String errorCode) {
        KlingRejectedException e = (KlingRejectedException) KlingException.forCode(code, "why", Optional.empty(), true);

        assertThat(e.errorCode()).isEqualTo(errorCode);
        assertThat(e.klingMessage()).isEqualTo("why");
    }
}
