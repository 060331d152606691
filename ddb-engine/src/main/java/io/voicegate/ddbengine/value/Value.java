package io.voicegate.ddbengine.value;

import io.voicegate.ddbengine.DynamoError;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value, one record per data type of the API reference's {@code AttributeValue}:
 * {@code S N B BOOL NULL M L SS NS BS}. Values are immutable; numbers and number sets are normalised (no leading or
 * trailing zeros), so {@code equals} is DynamoDB's equality.
 */
public sealed interface Value {

    /** The type descriptor as on the wire: {@code S}, {@code N}, … */
    String type();

    /**
     * Bytes this value counts toward an item's size, by the rules of the developer guide ("Item sizes and formats"):
     * a string its UTF-8 length, a number 1 byte per two significant digits plus 1, binary its length, BOOL and NULL
     * 1, M and L 3 bytes plus 1 per element plus the elements (and the map keys), sets the sum of their elements.
     */
    int size();

    /** A string. */
    record S(String value) implements Value {
        public S {
            if (value == null) {
                throw new NullPointerException("value");
            }
        }

        @Override
        public String type() {
            return "S";
        }

        @Override
        public int size() {
            return utf8Length(value);
        }
    }

    /** A number with up to 38 significant digits, held normalised. */
    record N(BigDecimal value) implements Value {
        public N {
            value = Numbers.normalise(value);
        }

        /** Parses a wire number; a {@code ValidationException} for text that is no number or out of range. */
        public static N parse(String text) {
            return new N(Numbers.parse(text));
        }

        /** The wire form: plain notation, no leading or trailing zeros ({@code "1.5"}, {@code "100"}, {@code "-0.01"}). */
        public String text() {
            return value.toPlainString();
        }

        @Override
        public String type() {
            return "N";
        }

        @Override
        public int size() {
            return Numbers.size(value);
        }
    }

    /** Binary data. */
    record B(Bytes value) implements Value {
        @Override
        public String type() {
            return "B";
        }

        @Override
        public int size() {
            return value.length();
        }
    }

    /** A Boolean. */
    record BOOL(boolean value) implements Value {
        @Override
        public String type() {
            return "BOOL";
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** The null value (the wire form is {@code {"NULL":true}}). */
    record NULL() implements Value {
        @Override
        public String type() {
            return "NULL";
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** A map of names to values, in insertion order. */
    record M(Map<String, Value> value) implements Value {
        public M {
            value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
        }

        @Override
        public String type() {
            return "M";
        }

        @Override
        public int size() {
            int size = 3;
            for (Map.Entry<String, Value> e : value.entrySet()) {
                size += 1 + utf8Length(e.getKey()) + e.getValue().size();
            }
            return size;
        }
    }

    /** A list of values. */
    record L(List<Value> value) implements Value {
        public L {
            value = List.copyOf(value);
        }

        @Override
        public String type() {
            return "L";
        }

        @Override
        public int size() {
            int size = 3;
            for (Value v : value) {
                size += 1 + v.size();
            }
            return size;
        }
    }

    /** A non-empty set of strings, in insertion order. */
    record SS(Set<String> value) implements Value {
        public SS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        @Override
        public String type() {
            return "SS";
        }

        @Override
        public int size() {
            return value.stream().mapToInt(Value::utf8Length).sum();
        }
    }

    /** A non-empty set of numbers, normalised, in insertion order. */
    record NS(Set<BigDecimal> value) implements Value {
        public NS {
            Set<BigDecimal> normalised = new LinkedHashSet<>();
            for (BigDecimal n : value) {
                normalised.add(Numbers.normalise(n));
            }
            value = Collections.unmodifiableSet(normalised);
        }

        @Override
        public String type() {
            return "NS";
        }

        @Override
        public int size() {
            return value.stream().mapToInt(Numbers::size).sum();
        }
    }

    /** A non-empty set of binary values, in insertion order. */
    record BS(Set<Bytes> value) implements Value {
        public BS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        @Override
        public String type() {
            return "BS";
        }

        @Override
        public int size() {
            return value.stream().mapToInt(Bytes::length).sum();
        }
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Number rules of the developer guide ("Data types: Number"). */
    final class Numbers {
        private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
        private static final BigDecimal MIN_POSITIVE = new BigDecimal("1E-130");

        private Numbers() {
        }

        static BigDecimal parse(String text) {
            BigDecimal n;
            try {
                n = new BigDecimal(text);
            } catch (NumberFormatException | NullPointerException e) {
                throw DynamoError.validation("A value provided cannot be converted into a number");
            }
            return check(n);
        }

        /** A ValidationException when {@code n} needs over 38 digits or lies outside DynamoDB's magnitude range. */
        static BigDecimal check(BigDecimal n) {
            BigDecimal stripped = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
            if (stripped.precision() > 38) {
                throw DynamoError.validation("Attempting to store more than 38 significant digits in a Number");
            }
            BigDecimal magnitude = stripped.abs();
            if (magnitude.compareTo(MAX) > 0) {
                throw DynamoError.validation(
                        "Number overflow. Attempting to store a number with magnitude larger than supported range");
            }
            if (stripped.signum() != 0 && magnitude.compareTo(MIN_POSITIVE) < 0) {
                throw DynamoError.validation(
                        "Number underflow. Attempting to store a number with magnitude smaller than supported range");
            }
            return stripped;
        }

        static BigDecimal normalise(BigDecimal n) {
            return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
        }

        /** Arithmetic for {@code SET a = a + :n} and {@code ADD}: exact, then held to the 38-digit rule. */
        public static BigDecimal add(BigDecimal a, BigDecimal b) {
            BigDecimal sum = a.add(b);
            if (normalise(sum).precision() > 38) {
                throw DynamoError.validation("Number overflow. Attempting to store a number with more than 38 "
                        + "significant digits");
            }
            return check(sum);
        }

        static int size(BigDecimal n) {
            int digits = n.signum() == 0 ? 1 : n.precision();
            return (digits + 1) / 2 + 1;
        }
    }
}
