package io.voicegate.ddbengine.conformance;

import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Asserts that a call fails with a given SDK exception class and error code. */
final class DynamoDbExceptionAssert {

    private DynamoDbExceptionAssert() {
    }

    static <T extends DynamoDbException> T assertThrows(Class<T> type, String errorCode,
                                                        ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s (%s)", type.getSimpleName(), errorCode).isInstanceOf(type);
        T e = type.cast(thrown);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
        return e;
    }
}
