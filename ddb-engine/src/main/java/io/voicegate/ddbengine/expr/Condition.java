package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;

import java.util.Map;
import java.util.Set;

/**
 * A parsed ConditionExpression or FilterExpression (developer guide, "Condition and filter expressions, operators,
 * and functions"). Evaluation never throws: type mismatches and missing attributes make comparisons false.
 */
public interface Condition {

    /** True when {@code item} satisfies the condition; an empty map stands for "no item". */
    boolean test(Map<String, Value> item);

    /** The top-level attribute names the condition reads (a Query's filter may not name a key attribute). */
    Set<String> topLevelAttributes();
}
