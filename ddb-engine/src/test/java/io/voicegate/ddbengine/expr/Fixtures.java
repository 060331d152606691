package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.value.Bytes;
import io.voicegate.ddbengine.value.Value;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small builders for values, items and contexts, and the ValidationException assertion. */
final class Fixtures {

    private Fixtures() {
    }

    static Value s(String v) {
        return new Value.S(v);
    }

    static Value n(String v) {
        return Value.N.parse(v);
    }

    static Value b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return new Value.B(Bytes.of(out));
    }

    static Value bool(boolean v) {
        return new Value.BOOL(v);
    }

    static Value nul() {
        return new Value.NULL();
    }

    static Value l(Value... vs) {
        return new Value.L(List.of(vs));
    }

    static Value ss(String... vs) {
        return new Value.SS(new LinkedHashSet<>(Arrays.asList(vs)));
    }

    static Value ns(String... vs) {
        LinkedHashSet<BigDecimal> set = new LinkedHashSet<>();
        for (String v : vs) {
            set.add(new BigDecimal(v));
        }
        return new Value.NS(set);
    }

    static Value m(Object... kv) {
        return new Value.M(item(kv));
    }

    static Map<String, Value> item(Object... kv) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], (Value) kv[i + 1]);
        }
        return out;
    }

    /** A context from pairs: keys starting with '#' take a String, keys starting with ':' a Value. */
    static ExpressionContext ctx(Object... kv) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Value> values = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            String key = (String) kv[i];
            if (key.startsWith("#")) {
                names.put(key, (String) kv[i + 1]);
            } else {
                values.put(key, (Value) kv[i + 1]);
            }
        }
        return new ExpressionContext(names, values);
    }

    static void validation(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(DynamoError.class)
                .hasMessage(message)
                .extracting(e -> ((DynamoError) e).type()).isEqualTo("ValidationException");
    }
}
