package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;

import java.util.Map;
import java.util.Set;

/** A parsed UpdateExpression (developer guide, "Update expressions"). */
public interface Update {

    /**
     * The new item. Every operand is read from {@code item} as it was before the update ({@code SET a = :x, b = a}
     * gives {@code b} the old {@code a}), and list indexes name the elements as they were ({@code REMOVE l[0], l[1]}
     * removes the first two). Does not change {@code item}. Throws a ValidationException, without the
     * "Invalid UpdateExpression" prefix, as DynamoDB does for errors found while applying:
     * <ul>
     * <li>"The provided expression refers to an attribute that does not exist in the item" — a SET operand path
     * (outside if_not_exists) is missing;</li>
     * <li>"An operand in the update expression has an incorrect data type" — {@code +}/{@code -} on a non-number,
     * list_append on a non-list, ADD/DELETE on an attribute of another type;</li>
     * <li>"The document path provided in the update expression is invalid for update" — the parent of the target
     * does not exist or is not a map (for a name) or list (for an index);</li>
     * <li>the number errors of {@code Value.Numbers.add} (38 digits, range).</li>
     * </ul>
     */
    Map<String, Value> apply(Map<String, Value> item);

    /** Top-level attribute names this update sets, removes, adds to or deletes from. */
    Set<String> topLevelAttributes();
}
