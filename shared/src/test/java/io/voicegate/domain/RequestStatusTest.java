package io.voicegate.domain;

import io.voicegate.domain.RequestStatus.Move;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.voicegate.domain.RequestStatus.DISPATCHED;
import static io.voicegate.domain.RequestStatus.FAILED;
import static io.voicegate.domain.RequestStatus.PROCESSING;
import static io.voicegate.domain.RequestStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every pair of statuses, written out independently of the table in {@link RequestStatus}. */
class RequestStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "DISPATCHED, DISPATCHED, NO_OP",
            "DISPATCHED, PROCESSING, ADVANCE",
            "DISPATCHED, SUCCESS, REJECT",
            "DISPATCHED, FAILED, ADVANCE",
            "PROCESSING, DISPATCHED, REJECT",
            "PROCESSING, PROCESSING, NO_OP",
            "PROCESSING, SUCCESS, ADVANCE",
            "PROCESSING, FAILED, ADVANCE",
            "SUCCESS, DISPATCHED, REJECT",
            "SUCCESS, PROCESSING, REJECT",
            "SUCCESS, SUCCESS, NO_OP",
            "SUCCESS, FAILED, REJECT",
            "FAILED, DISPATCHED, REJECT",
            "FAILED, PROCESSING, REJECT",
            "FAILED, SUCCESS, REJECT",
            "FAILED, FAILED, NO_OP"})
    void everyMove(RequestStatus from, RequestStatus to, Move expected) {
        assertThat(from.moveTo(to)).isEqualTo(expected);
    }

    @Test
    void onlySuccessAndFailedAreTerminal() {
        assertThat(DISPATCHED.isTerminal()).isFalse();
        assertThat(PROCESSING.isTerminal()).isFalse();
        assertThat(SUCCESS.isTerminal()).isTrue();
        assertThat(FAILED.isTerminal()).isTrue();
    }

    @Test
    void writesAreConditionalOnThePredecessors() {
        assertThat(DISPATCHED.predecessors()).isEmpty();
        assertThat(PROCESSING.predecessors()).containsExactly(DISPATCHED);
        assertThat(SUCCESS.predecessors()).containsExactly(PROCESSING);
        assertThat(FAILED.predecessors()).containsExactlyInAnyOrder(DISPATCHED, PROCESSING);
    }

    @Test
    void wireNamesRoundTrip() {
        for (RequestStatus status : RequestStatus.values()) {
            assertThat(RequestStatus.fromWire(status.wireName())).isEqualTo(status);
        }
        assertThat(SUCCESS.wireName()).isEqualTo("success");
        assertThatThrownBy(() -> RequestStatus.fromWire("SUCCESS")).isInstanceOf(IllegalArgumentException.class);
    }
}
