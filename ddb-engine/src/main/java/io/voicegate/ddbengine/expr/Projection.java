package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;

import java.util.Map;
import java.util.Set;

/** A parsed ProjectionExpression (developer guide, "Projection expressions"). */
public interface Projection {

    /**
     * Only the projected paths of {@code item}. A path not present is skipped; a nested path keeps the nesting of
     * what exists ({@code a.b} gives {@code {a: {b: ...}}}); projected list elements keep their order and are packed
     * ({@code l[1], l[3]} gives a two-element list).
     */
    Map<String, Value> apply(Map<String, Value> item);

    /** The top-level attribute names projected. */
    Set<String> topLevelAttributes();
}
