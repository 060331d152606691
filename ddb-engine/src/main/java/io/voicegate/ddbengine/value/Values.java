package io.voicegate.ddbengine.value;

import io.voicegate.ddbengine.DynamoError;

import java.util.Map;

/** Ordering and sizes shared by keys, conditions and capacity accounting. */
public final class Values {

    private Values() {
    }

    /**
     * Orders two values of one scalar type as DynamoDB orders sort keys and evaluates {@code < <= > >= BETWEEN}:
     * numbers numerically, strings by their UTF-8 bytes (code point order, not Java's UTF-16 {@code compareTo}),
     * binary by unsigned bytes (developer guide, "Comparison operator and function reference").
     *
     * @throws IllegalArgumentException when the two are not both S, both N or both B
     */
    public static int compare(Value a, Value b) {
        if (a instanceof Value.S x && b instanceof Value.S y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof Value.N x && b instanceof Value.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof Value.B x && b instanceof Value.B y) {
            return x.value().compareTo(y.value());
        }
        throw new IllegalArgumentException("not comparable: " + a.type() + " and " + b.type());
    }

    /** True when both are S, both N or both B: the pairs {@link #compare} orders. */
    public static boolean comparable(Value a, Value b) {
        return a.type().equals(b.type()) && (a instanceof Value.S || a instanceof Value.N || a instanceof Value.B);
    }

    /** Compares by Unicode code point, which is the order of the UTF-8 encodings' unsigned bytes. */
    public static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** An item's size in bytes: each attribute's name (UTF-8) plus its value's {@link Value#size()}. */
    public static int itemSize(Map<String, Value> item) {
        int size = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) {
            size += Value.utf8Length(e.getKey()) + e.getValue().size();
        }
        return size;
    }

    /** The 400 KB item limit of the developer guide ("Service quotas: Item size"). */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    /** A ValidationException when the item is over {@link #MAX_ITEM_BYTES}. */
    public static void checkItemSize(Map<String, Value> item) {
        if (itemSize(item) > MAX_ITEM_BYTES) {
            throw DynamoError.validation("Item size has exceeded the maximum allowed size");
        }
    }
}
