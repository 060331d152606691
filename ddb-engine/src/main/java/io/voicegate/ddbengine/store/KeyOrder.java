package io.voicegate.ddbengine.store;

import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.Values;

import java.util.Comparator;

/**
 * The order of key values in tables and indexes: by {@link Values#compare} for S, N and B. {@link #NONE} stands for
 * "no sort key" and sorts before every value, so a table without a sort key keeps one entry per partition.
 */
final class KeyOrder {

    static final Value NONE = new Value.NULL();

    static final Comparator<Value> COMPARATOR = KeyOrder::compare;

    private KeyOrder() {
    }

    static int compare(Value a, Value b) {
        if (a instanceof Value.NULL || b instanceof Value.NULL) {
            return Boolean.compare(!(a instanceof Value.NULL), !(b instanceof Value.NULL));
        }
        int byType = a.type().compareTo(b.type());
        return byType != 0 ? byType : Values.compare(a, b);
    }
}
