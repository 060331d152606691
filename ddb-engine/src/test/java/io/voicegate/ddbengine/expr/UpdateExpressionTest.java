package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.voicegate.ddbengine.expr.Fixtures.bool;
import static io.voicegate.ddbengine.expr.Fixtures.ctx;
import static io.voicegate.ddbengine.expr.Fixtures.item;
import static io.voicegate.ddbengine.expr.Fixtures.l;
import static io.voicegate.ddbengine.expr.Fixtures.m;
import static io.voicegate.ddbengine.expr.Fixtures.n;
import static io.voicegate.ddbengine.expr.Fixtures.ns;
import static io.voicegate.ddbengine.expr.Fixtures.s;
import static io.voicegate.ddbengine.expr.Fixtures.ss;
import static io.voicegate.ddbengine.expr.Fixtures.validation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The rules of "Update expressions" (developer guide): SET, REMOVE, ADD, DELETE. */
class UpdateExpressionTest {

    private static Map<String, Value> apply(Map<String, Value> before, String expr, Object... kv) {
        return Expressions.update(expr, ctx(kv)).apply(before);
    }

    @Test
    void set_topLevelAndNestedAndCreatesMissingTopLevel() {
        Map<String, Value> before = item("id", s("1"), "m", m("x", n("1")));
        assertThat(apply(before, "SET a = :v, m.y = :w", ":v", s("A"), ":w", n("2")))
                .isEqualTo(item("id", s("1"), "m", m("x", n("1"), "y", n("2")), "a", s("A")));
    }

    @Test
    void set_doesNotMutateTheInput() {
        Map<String, Value> before = new HashMap<>(item("a", l(n("1")), "m", m("x", n("1"))));
        Map<String, Value> copy = Map.copyOf(before);
        apply(before, "SET a[0] = :v, m.x = :v, b = :v REMOVE m.nope", ":v", n("9"));
        assertThat(before).isEqualTo(copy);
    }

    @Test
    void set_everyOperandReadsTheItemBeforeTheUpdate() {
        Map<String, Value> before = item("a", n("1"), "b", n("2"));
        assertThat(apply(before, "SET a = :x, b = a", ":x", n("5"))).isEqualTo(item("a", n("5"), "b", n("1")));
        assertThat(apply(before, "SET a = b, b = a")).as("swap").isEqualTo(item("a", n("2"), "b", n("1")));
    }

    @Test
    void set_nestedPathWithMissingParentIsInvalidForUpdate() {
        validation(() -> apply(item("id", s("1")), "SET m.x = :v", ":v", n("1")),
                "The document path provided in the update expression is invalid for update");
        validation(() -> apply(item("m", s("str")), "SET m.x = :v", ":v", n("1")),
                "The document path provided in the update expression is invalid for update");
        validation(() -> apply(item("m", m()), "SET m[0] = :v", ":v", n("1")),
                "The document path provided in the update expression is invalid for update");
    }

    @Test
    void set_listIndexBeyondTheEndAppends() {
        Map<String, Value> before = item("l", l(s("a"), s("b")));
        assertThat(apply(before, "SET l[1] = :v", ":v", s("B"))).isEqualTo(item("l", l(s("a"), s("B"))));
        assertThat(apply(before, "SET l[10] = :v", ":v", s("c"))).isEqualTo(item("l", l(s("a"), s("b"), s("c"))));
        assertThat(apply(before, "SET l[9] = :y, l[5] = :x", ":x", s("x"), ":y", s("y")))
                .as("appended in index order").isEqualTo(item("l", l(s("a"), s("b"), s("x"), s("y"))));
    }

    @Test
    void set_plusAndMinusOnNumbers() {
        Map<String, Value> before = item("c", n("10"));
        assertThat(apply(before, "SET c = c + :d", ":d", n("5"))).isEqualTo(item("c", n("15")));
        assertThat(apply(before, "SET c = c - :d", ":d", n("0.5"))).isEqualTo(item("c", n("9.5")));
        assertThat(apply(before, "SET d = :d - c", ":d", n("1"))).isEqualTo(item("c", n("10"), "d", n("-9")));
        assertThat(apply(before, "SET c = (c + :d)", ":d", n("1"))).isEqualTo(item("c", n("11")));
    }

    @Test
    void set_arithmeticKeeps38Digits() {
        String e37 = "1" + "0".repeat(37);
        validation(() -> apply(item("c", n(e37)), "SET c = c + :d", ":d", n("0.1")),
                "Number overflow. Attempting to store a number with more than 38 significant digits");
        assertThat(apply(item("c", n(e37)), "SET c = c + :one", ":one", n("1")))
                .isEqualTo(item("c", n("1" + "0".repeat(36) + "1")));
        assertThat(apply(item("c", n("9".repeat(38))), "SET c = c + :one", ":one", n("1")))
                .as("1E38 needs one significant digit").isEqualTo(item("c", n("1E38")));
    }

    @Test
    void set_plusOnANonNumberIsAnIncorrectDataType() {
        validation(() -> apply(item("c", s("x")), "SET c = c + :d", ":d", n("1")),
                "An operand in the update expression has an incorrect data type");
        validation(() -> Expressions.update("SET c = c + :d", ctx(":d", s("1"))),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                        + "operator or function: +, operand type: S");
    }

    @Test
    void set_operandPathMustExist() {
        validation(() -> apply(item(), "SET c = d"),
                "The provided expression refers to an attribute that does not exist in the item");
        validation(() -> apply(item(), "SET c = d + :one", ":one", n("1")),
                "The provided expression refers to an attribute that does not exist in the item");
    }

    @Test
    void set_ifNotExists() {
        assertThat(apply(item(), "SET c = if_not_exists(c, :z) + :one", ":z", n("0"), ":one", n("1")))
                .isEqualTo(item("c", n("1")));
        assertThat(apply(item("c", n("4")), "SET c = if_not_exists(c, :z) + :one", ":z", n("0"), ":one", n("1")))
                .isEqualTo(item("c", n("5")));
        assertThat(apply(item("a", s("old")), "SET b = if_not_exists(a, :v)", ":v", s("new")))
                .isEqualTo(item("a", s("old"), "b", s("old")));
        validation(() -> Expressions.update("SET a = if_not_exists(:v, a)", ctx(":v", n("1"))),
                "Invalid UpdateExpression: Operator or function requires a document path; "
                        + "operator or function: if_not_exists");
    }

    @Test
    void set_listAppend() {
        Map<String, Value> before = item("l", l(n("1")));
        assertThat(apply(before, "SET l = list_append(l, :v)", ":v", l(n("2")))).isEqualTo(item("l", l(n("1"), n("2"))));
        assertThat(apply(before, "SET l = list_append(:v, l)", ":v", l(n("0")))).isEqualTo(item("l", l(n("0"), n("1"))));
        assertThat(apply(item(), "SET l = list_append(if_not_exists(l, :e), :v)", ":e", l(), ":v", l(n("2"))))
                .isEqualTo(item("l", l(n("2"))));
        validation(() -> apply(item("l", s("x")), "SET l = list_append(l, :v)", ":v", l()),
                "An operand in the update expression has an incorrect data type");
        validation(() -> Expressions.update("SET l = list_append(l, :v)", ctx(":v", s("x"))),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                        + "operator or function: list_append, operand type: S");
        validation(() -> Expressions.update("SET l = list_append(l)", ctx()),
                "Invalid UpdateExpression: Incorrect number of operands for operator or function; "
                        + "operator or function: list_append, number of operands: 1");
    }

    @Test
    void set_conditionFunctionsAreUnknownInUpdates() {
        validation(() -> Expressions.update("SET a = size(b)", ctx()),
                "Invalid UpdateExpression: Invalid function name; function: size");
    }

    @Test
    void remove_attributesAndNestedAndMissingIsNoError() {
        Map<String, Value> before = item("a", n("1"), "b", n("2"), "m", m("x", n("1"), "y", n("2")));
        assertThat(apply(before, "REMOVE a, m.x, nope, m.nope")).isEqualTo(item("b", n("2"), "m", m("y", n("2"))));
    }

    @Test
    void remove_listElementShiftsLaterElementsAndIndexesNameOriginalPositions() {
        Map<String, Value> before = item("l", l(s("a"), s("b"), s("c"), s("d")));
        assertThat(apply(before, "REMOVE l[1]")).isEqualTo(item("l", l(s("a"), s("c"), s("d"))));
        assertThat(apply(before, "REMOVE l[0], l[2]")).isEqualTo(item("l", l(s("b"), s("d"))));
        assertThat(apply(before, "REMOVE l[1] SET l[2] = :v", ":v", s("C")))
                .isEqualTo(item("l", l(s("a"), s("C"), s("d"))));
        assertThat(apply(before, "REMOVE l[9]")).isEqualTo(before);
    }

    @Test
    void add_numberTreatsMissingAsZero() {
        assertThat(apply(item(), "ADD c :one", ":one", n("1"))).isEqualTo(item("c", n("1")));
        assertThat(apply(item("c", n("41")), "ADD c :one", ":one", n("1"))).isEqualTo(item("c", n("42")));
        assertThat(apply(item("c", n("1")), "add c :d", ":d", n("-1.5"))).isEqualTo(item("c", n("-0.5")));
    }

    @Test
    void add_setUnionOfTheSameType() {
        assertThat(apply(item("t", ss("a", "b")), "ADD t :v", ":v", ss("b", "c"))).isEqualTo(item("t", ss("a", "b", "c")));
        assertThat(apply(item(), "ADD t :v", ":v", ns("1"))).isEqualTo(item("t", ns("1")));
        validation(() -> apply(item("t", ss("a")), "ADD t :v", ":v", ns("1")),
                "An operand in the update expression has an incorrect data type");
        validation(() -> apply(item("t", s("a")), "ADD t :v", ":v", n("1")),
                "An operand in the update expression has an incorrect data type");
    }

    @Test
    void add_operandMustBeNumberOrSet() {
        validation(() -> Expressions.update("ADD t :v", ctx(":v", s("x"))),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                        + "operand type: STRING");
        validation(() -> Expressions.update("ADD t :v", ctx(":v", l())),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                        + "operand type: LIST");
        assertThatCode(() -> Expressions.update("ADD t a", ctx())).hasMessageStartingWith(
                "Invalid UpdateExpression: Syntax error; token: \"a\"");
    }

    @Test
    void delete_removesElementsAndEmptySetRemovesTheAttribute() {
        assertThat(apply(item("t", ss("a", "b")), "DELETE t :v", ":v", ss("a", "z"))).isEqualTo(item("t", ss("b")));
        assertThat(apply(item("t", ss("a", "b"), "k", s("1")), "DELETE t :v", ":v", ss("a", "b")))
                .isEqualTo(item("k", s("1")));
        assertThat(apply(item(), "DELETE t :v", ":v", ss("a"))).isEqualTo(item());
        validation(() -> apply(item("t", ns("1")), "DELETE t :v", ":v", ss("a")),
                "An operand in the update expression has an incorrect data type");
        validation(() -> Expressions.update("DELETE t :v", ctx(":v", n("1"))),
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
                        + "operand type: NUMBER");
    }

    @Test
    void clauses_anyOrderEachAtMostOnce() {
        Map<String, Value> before = item("a", n("1"), "t", ss("x", "y"), "r", bool(true));
        assertThat(apply(before, "delete t :d ADD a :one remove r SET s = :s",
                ":d", ss("x"), ":one", n("1"), ":s", s("S")))
                .isEqualTo(item("a", n("2"), "t", ss("y"), "s", s("S")));
        validation(() -> Expressions.update("SET a = :v SET b = :v", ctx(":v", n("1"))),
                "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
        validation(() -> Expressions.update("REMOVE a ADD b :v REMOVE c", ctx(":v", n("1"))),
                "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;");
    }

    @Test
    void paths_overlappingPathsAreRefused() {
        validation(() -> Expressions.update("SET a = :v, a.b = :v", ctx(":v", n("1"))),
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
                        + "of these paths; path one: [a], path two: [a, b]");
        validation(() -> Expressions.update("SET a = :v REMOVE a", ctx(":v", n("1"))),
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
                        + "of these paths; path one: [a], path two: [a]");
        validation(() -> Expressions.update("SET #x = :v REMOVE l[1].m", ctx("#x", "l", ":v", n("1"))),
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
                        + "of these paths; path one: [l], path two: [l, [1], m]");
        validation(() -> Expressions.update("SET a[0] = :v REMOVE a.b", ctx(":v", n("1"))),
                "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite "
                        + "one of these paths; path one: [a, [0]], path two: [a, b]");
        assertThatCode(() -> Expressions.update("SET a.b = :v, a.c = :v, l[0] = :v, l[1] = :v", ctx(":v", n("1"))))
                .doesNotThrowAnyException();
    }

    @Test
    void topLevelAttributes_ofAllClauses() {
        Update u = Expressions.update("SET a.b = :v, c = d REMOVE e[0] ADD f :v DELETE g :s",
                ctx(":v", n("1"), ":s", ss("x")));
        assertThat(u.topLevelAttributes()).containsExactlyInAnyOrder("a", "c", "e", "f", "g");
    }

    @Test
    void names_inUpdatePathsAndOperands() {
        assertThat(apply(item("status", n("1")), "SET #s = #s + :one", "#s", "status", ":one", n("1")))
                .isEqualTo(item("status", n("2")));
    }
}
