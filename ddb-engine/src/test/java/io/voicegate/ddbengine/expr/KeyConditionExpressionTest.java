package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.expr.SortKeyCondition.Op;
import org.junit.jupiter.api.Test;

import static io.voicegate.ddbengine.expr.Fixtures.b;
import static io.voicegate.ddbengine.expr.Fixtures.ctx;
import static io.voicegate.ddbengine.expr.Fixtures.n;
import static io.voicegate.ddbengine.expr.Fixtures.s;
import static io.voicegate.ddbengine.expr.Fixtures.validation;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of "Key condition expressions for the Query operation" (developer guide). */
class KeyConditionExpressionTest {

    private static KeyConditions parse(String expr, Object... kv) {
        return Expressions.keyCondition(expr, ctx(kv));
    }

    @Test
    void partitionKeyOnly() {
        KeyCondition kc = parse("pk = :p", ":p", s("A")).forKeys("pk", "sk");
        assertThat(kc).isEqualTo(new KeyCondition("pk", s("A"), null));
        assertThat(parse("pk = :p", ":p", s("A")).forKeys("pk", null).sortKey()).isNull();
    }

    @Test
    void partitionAndSortKey_eitherOrderAndValueOnEitherSide() {
        KeyCondition kc = parse(":s < sk AND pk = :p", ":p", s("A"), ":s", n("5")).forKeys("pk", "sk");
        assertThat(kc.partitionValue()).isEqualTo(s("A"));
        assertThat(kc.sortKey()).isEqualTo(new SortKeyCondition("sk", Op.GT, n("5"), null));
    }

    @Test
    void sortKey_allOperators() {
        String[][] cases = {{"=", "EQ"}, {"<", "LT"}, {"<=", "LE"}, {">", "GT"}, {">=", "GE"}};
        for (String[] c : cases) {
            SortKeyCondition sk = parse("pk = :p AND sk " + c[0] + " :s", ":p", s("A"), ":s", n("5"))
                    .forKeys("pk", "sk").sortKey();
            assertThat(sk.op()).isEqualTo(Op.valueOf(c[1]));
        }
        SortKeyCondition between = parse("pk = :p AND sk BETWEEN :a AND :b", ":p", s("A"), ":a", n("1"), ":b", n("9"))
                .forKeys("pk", "sk").sortKey();
        assertThat(between).isEqualTo(new SortKeyCondition("sk", Op.BETWEEN, n("1"), n("9")));
        SortKeyCondition prefix = parse("begins_with(#s, :a) and #p = :p", "#s", "sk", "#p", "pk", ":p", s("A"),
                ":a", s("x")).forKeys("pk", "sk").sortKey();
        assertThat(prefix).isEqualTo(new SortKeyCondition("sk", Op.BEGINS_WITH, s("x"), null));
    }

    @Test
    void sortKeyCondition_test() {
        assertThat(new SortKeyCondition("sk", Op.BETWEEN, n("1"), n("9")).test(n("9"))).isTrue();
        assertThat(new SortKeyCondition("sk", Op.BETWEEN, n("1"), n("9")).test(n("10"))).isFalse();
        assertThat(new SortKeyCondition("sk", Op.LT, n("1"), null).test(n("0.5"))).isTrue();
        assertThat(new SortKeyCondition("sk", Op.GE, s("b"), null).test(s("a"))).isFalse();
        assertThat(new SortKeyCondition("sk", Op.EQ, s("1"), null).test(n("1"))).as("type mismatch").isFalse();
        assertThat(new SortKeyCondition("sk", Op.BEGINS_WITH, s("ab"), null).test(s("abc"))).isTrue();
        assertThat(new SortKeyCondition("sk", Op.BEGINS_WITH, b(1), null).test(b(1, 2))).isTrue();
        assertThat(new SortKeyCondition("sk", Op.BEGINS_WITH, b(2), null).test(b(1, 2))).isFalse();
    }

    @Test
    void invalidOperators_areRefused() {
        validation(() -> parse("pk = :p OR sk = :p", ":p", s("A")),
                "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR");
        validation(() -> parse("NOT pk = :p", ":p", s("A")),
                "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: NOT");
        validation(() -> parse("pk IN (:p)", ":p", s("A")),
                "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: IN");
        validation(() -> parse("pk <> :p", ":p", s("A")),
                "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>");
        validation(() -> parse("pk = :p AND attribute_exists(sk)", ":p", s("A")),
                "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: attribute_exists");
        validation(() -> parse("pk = :p AND contains(sk, :p)", ":p", s("A")),
                "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: contains");
        validation(() -> parse("size(pk) = :p", ":p", n("1")),
                "Invalid KeyConditionExpression: KeyConditionExpressions cannot contain nested operations");
    }

    @Test
    void invalidConditions_areRefused() {
        validation(() -> parse("pk = :p AND pk = :p", ":p", s("A")),
                "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
        validation(() -> parse("pk = sk"),
                "Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: Multiple attribute "
                        + "names used in one condition");
        validation(() -> parse(":a = :b", ":a", s("A"), ":b", s("B")),
                "Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: No key attribute "
                        + "specified");
        validation(() -> parse("pk.x = :p", ":p", s("A")),
                "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested "
                        + "attributes");
        validation(() -> parse("pk = :p AND begins_with(sk, :n)", ":p", s("A"), ":n", n("1")),
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
                        + "function: begins_with, operand type: N");
    }

    @Test
    void forKeys_missingOrUnsupportedKeyConditions() {
        validation(() -> parse("sk = :p", ":p", s("A")).forKeys("pk", "sk"),
                "Query condition missed key schema element: pk");
        validation(() -> parse("pk = :p AND extra = :p", ":p", s("A")).forKeys("pk", "sk"),
                "Query condition missed key schema element: sk");
        validation(() -> parse("pk > :p", ":p", s("A")).forKeys("pk", "sk"), "Query key condition not supported");
        validation(() -> parse("pk = :p AND sk = :p", ":p", s("A")).forKeys("pk", null),
                "Query key condition not supported");
    }

    @Test
    void names_markedUsed() {
        ExpressionContext c = ctx("#p", "pk", ":p", s("A"));
        Expressions.keyCondition("#p = :p", c).forKeys("pk", null);
        c.checkAllUsed();
    }
}
