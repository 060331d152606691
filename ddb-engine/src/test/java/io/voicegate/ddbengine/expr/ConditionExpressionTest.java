package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.voicegate.ddbengine.expr.Fixtures.b;
import static io.voicegate.ddbengine.expr.Fixtures.bool;
import static io.voicegate.ddbengine.expr.Fixtures.ctx;
import static io.voicegate.ddbengine.expr.Fixtures.item;
import static io.voicegate.ddbengine.expr.Fixtures.l;
import static io.voicegate.ddbengine.expr.Fixtures.m;
import static io.voicegate.ddbengine.expr.Fixtures.n;
import static io.voicegate.ddbengine.expr.Fixtures.ns;
import static io.voicegate.ddbengine.expr.Fixtures.nul;
import static io.voicegate.ddbengine.expr.Fixtures.s;
import static io.voicegate.ddbengine.expr.Fixtures.ss;
import static org.assertj.core.api.Assertions.assertThat;

/** Evaluation rules of "Condition and filter expressions, operators, and functions" (developer guide). */
class ConditionExpressionTest {

    private static final Map<String, Value> ITEM = item(
            "id", s("p1"),
            "price", n("12.5"),
            "title", s("Hello world"),
            "tags", ss("red", "blue"),
            "scores", ns("1", "2", "3"),
            "bin", b(1, 2, 3, 4),
            "flag", bool(true),
            "nothing", nul(),
            "lst", l(s("x"), n("7"), m("k", s("v"))),
            "info", m("color", s("green"), "dims", m("w", n("3")), "arr", l(n("10"), n("20"))));

    private static boolean eval(String expr, Object... kv) {
        return Expressions.condition(expr, ctx(kv)).test(ITEM);
    }

    @Test
    void comparators_equalAndNotEqual_useStructuralEquality() {
        assertThat(eval("price = :p", ":p", n("12.50"))).isTrue();
        assertThat(eval("price <> :p", ":p", n("12.5"))).isFalse();
        assertThat(eval("info.dims = :m", ":m", m("w", n("3")))).isTrue();
        assertThat(eval("tags = :t", ":t", ss("blue", "red"))).as("sets compare unordered").isTrue();
        assertThat(eval("lst = :l", ":l", l(s("x"), n("7"), m("k", s("v"))))).isTrue();
    }

    @Test
    void comparators_typeMismatch_isFalseForEqualAndOrderingButTrueForNotEqual() {
        assertThat(eval("price = :p", ":p", s("12.5"))).isFalse();
        assertThat(eval("price < :p", ":p", s("99"))).isFalse();
        assertThat(eval("price >= :p", ":p", s("0"))).isFalse();
        assertThat(eval("price <> :p", ":p", s("12.5"))).isTrue();
    }

    @Test
    void comparators_missingAttribute_isFalseExceptNotEqual() {
        assertThat(eval("absent = :p", ":p", n("1"))).isFalse();
        assertThat(eval("absent < :p", ":p", n("1"))).isFalse();
        assertThat(eval("absent <> :p", ":p", n("1"))).isTrue();
        assertThat(eval("info.nope.deeper = :p", ":p", n("1"))).isFalse();
    }

    @Test
    void comparators_ordering_numbersNumericallyStringsByCodePointBinaryUnsigned() {
        assertThat(eval("price > :p", ":p", n("9"))).isTrue();
        assertThat(eval("price <= :p", ":p", n("12.5"))).isTrue();
        assertThat(eval("title < :t", ":t", s("Hellp"))).isTrue();
        assertThat(eval("bin > :b", ":b", b(1, 2, 3))).isTrue();
        assertThat(Expressions.condition("a < :b", ctx(":b", s("\uFFFF"))).test(item("a", s("\uD83D\uDE00"))))
                .as("U+1F600 orders after U+FFFF by code point, not by UTF-16 unit").isFalse();
        assertThat(Expressions.condition("a > :b", ctx(":b", b(0x7f))).test(item("a", b(0x80))))
                .as("binary compares unsigned").isTrue();
    }

    @Test
    void comparators_betweenTwoPaths() {
        assertThat(Expressions.condition("a < b", ctx()).test(item("a", n("1"), "b", n("2")))).isTrue();
    }

    @Test
    void between_isInclusiveAndNeedsSameType() {
        assertThat(eval("price BETWEEN :a AND :b", ":a", n("12.5"), ":b", n("13"))).isTrue();
        assertThat(eval("price BETWEEN :a AND :b", ":a", n("1"), ":b", n("12.5"))).isTrue();
        assertThat(eval("price BETWEEN :a AND :b", ":a", n("13"), ":b", n("14"))).isFalse();
        assertThat(eval("title between :a and :b", ":a", s("A"), ":b", s("Z"))).isTrue();
        assertThat(eval("absent BETWEEN :a AND :b", ":a", n("1"), ":b", n("2"))).isFalse();
    }

    @Test
    void in_matchesAnyOperand() {
        assertThat(eval("id IN (:a, :b)", ":a", s("p0"), ":b", s("p1"))).isTrue();
        assertThat(eval("id IN (:a)", ":a", s("p0"))).isFalse();
        assertThat(eval("absent IN (:a)", ":a", s("p0"))).isFalse();
        assertThat(eval("price in (:a,:b)", ":a", s("12.5"), ":b", n("12.5"))).isTrue();
    }

    @Test
    void functions_attributeExistsAndNotExists_onNestedPathsAndListElements() {
        assertThat(eval("attribute_exists(info.dims.w)")).isTrue();
        assertThat(eval("attribute_exists(info.arr[1])")).isTrue();
        assertThat(eval("attribute_exists(info.arr[2])")).isFalse();
        assertThat(eval("attribute_not_exists(absent)")).isTrue();
        assertThat(eval("attribute_not_exists(id)")).isFalse();
        assertThat(eval("attribute_exists(nothing)")).as("a NULL value exists").isTrue();
        assertThat(Expressions.condition("attribute_not_exists(id)", ctx()).test(Map.of()))
                .as("no item at all").isTrue();
    }

    @Test
    void functions_attributeType_allTenTypeNames() {
        String[][] cases = {{"id", "S"}, {"tags", "SS"}, {"price", "N"}, {"scores", "NS"}, {"bin", "B"},
                {"flag", "BOOL"}, {"nothing", "NULL"}, {"lst", "L"}, {"info", "M"}};
        for (String[] c : cases) {
            assertThat(eval("attribute_type(" + c[0] + ", :t)", ":t", s(c[1]))).as(c[0]).isTrue();
            assertThat(eval("attribute_type(" + c[0] + ", :t)", ":t", s("BS"))).as(c[0]).isFalse();
        }
        assertThat(eval("attribute_type(absent, :t)", ":t", s("S"))).isFalse();
    }

    @Test
    void functions_beginsWith_stringsAndBinary() {
        assertThat(eval("begins_with(title, :p)", ":p", s("Hell"))).isTrue();
        assertThat(eval("begins_with(title, :p)", ":p", s("hell"))).as("case-sensitive").isFalse();
        assertThat(eval("begins_with(bin, :p)", ":p", b(1, 2))).isTrue();
        assertThat(eval("begins_with(bin, :p)", ":p", b(2))).isFalse();
        assertThat(eval("begins_with(tags, :p)", ":p", s("r"))).as("not on sets").isFalse();
        assertThat(eval("begins_with(absent, :p)", ":p", s("r"))).isFalse();
    }

    @Test
    void functions_contains_substringSetMemberListElement() {
        assertThat(eval("contains(title, :p)", ":p", s("lo wo"))).isTrue();
        assertThat(eval("contains(tags, :p)", ":p", s("red"))).isTrue();
        assertThat(eval("contains(tags, :p)", ":p", s("re"))).as("set membership, not substring").isFalse();
        assertThat(eval("contains(scores, :p)", ":p", n("2.0"))).isTrue();
        assertThat(eval("contains(lst, :p)", ":p", n("7"))).isTrue();
        assertThat(eval("contains(lst, :p)", ":p", m("k", s("v")))).isTrue();
        assertThat(eval("contains(bin, :p)", ":p", b(2, 3))).isTrue();
        assertThat(eval("contains(price, :p)", ":p", n("12.5"))).isFalse();
        assertThat(eval("contains(absent, :p)", ":p", s("x"))).isFalse();
        assertThat(Expressions.condition("contains(tags, pick)", ctx())
                .test(item("tags", ss("a", "b"), "pick", s("b")))).as("operand may be a path").isTrue();
    }

    @Test
    void functions_size_ofStringBinarySetListMap() {
        assertThat(eval("size(title) = :n", ":n", n("11"))).isTrue();
        assertThat(eval("size(bin) = :n", ":n", n("4"))).isTrue();
        assertThat(eval("size(tags) = :n", ":n", n("2"))).isTrue();
        assertThat(eval("size(lst) > :n", ":n", n("2"))).isTrue();
        assertThat(eval("size(info) = :n", ":n", n("3"))).isTrue();
        assertThat(eval("size(price) = :n", ":n", n("4"))).as("size of a number is no number").isFalse();
        assertThat(eval("size(absent) = :n", ":n", n("0"))).isFalse();
        assertThat(eval(":n < size(info.arr)", ":n", n("1"))).as("size on the right").isTrue();
        assertThat(Expressions.condition("size(a) = :n", ctx(":n", n("2"))).test(item("a", s("é"))))
                .as("a string's size is its UTF-8 byte count").isTrue();
    }

    @Test
    void logical_precedence_notBindsTighterThanAndThanOr() {
        // AND before OR: true OR (false AND false) is true; (true OR false) AND false would be false.
        assertThat(eval("id = :a OR id = :b AND id = :b", ":a", s("p1"), ":b", s("zz"))).isTrue();
        // NOT before AND: (NOT true) AND false is false, and so is NOT (true AND false)... so compare with
        // (NOT false) AND true = true against NOT (false AND true) = true, and (NOT true) AND false = false
        // against NOT (true AND false) = true:
        assertThat(eval("NOT id = :a AND id = :b", ":a", s("p1"), ":b", s("zz"))).isFalse();
        assertThat(eval("NOT (id = :a AND id = :b)", ":a", s("p1"), ":b", s("zz"))).isTrue();
        // NOT before OR: (NOT true) OR true is true; NOT (true OR true) would be false.
        assertThat(eval("NOT id = :a OR id = :a", ":a", s("p1"))).isTrue();
    }

    @Test
    void logical_parenthesesChangeGrouping() {
        assertThat(eval("(id = :a OR id = :b) AND id = :b", ":a", s("p1"), ":b", s("zz"))).isFalse();
        assertThat(eval("id = :a OR (id = :b AND id = :b)", ":a", s("p1"), ":b", s("zz"))).isTrue();
    }

    @Test
    void logical_keywordsAreCaseInsensitive() {
        assertThat(eval("not id = :b and price between :x AnD :y oR id in (:b)",
                ":b", s("zz"), ":x", n("1"), ":y", n("20"))).isTrue();
    }

    @Test
    void operands_parenthesisedOperandsAndFunctionsInParentheses() {
        assertThat(eval("(id) = :a", ":a", s("p1"))).isTrue();
        assertThat(eval("(size(title)) = :n", ":n", n("11"))).isTrue();
        assertThat(eval("(attribute_exists(id))")).isTrue();
    }

    @Test
    void names_substituteAttributeNamesIncludingDotsAndReservedWords() {
        Map<String, Value> it = item("status", s("ok"), "a.b", n("1"), "a", m("b", n("2")));
        assertThat(Expressions.condition("#s = :v", ctx("#s", "status", ":v", s("ok"))).test(it)).isTrue();
        assertThat(Expressions.condition("#ab = :v", ctx("#ab", "a.b", ":v", n("1"))).test(it))
                .as("a name with a dot is one attribute").isTrue();
        assertThat(Expressions.condition("#a.#b = :v", ctx("#a", "a", "#b", "b", ":v", n("2"))).test(it)).isTrue();
    }

    @Test
    void paths_listIndexesAndNestedMaps() {
        assertThat(eval("lst[2].k = :v", ":v", s("v"))).isTrue();
        assertThat(eval("info.arr[0] < info.arr[1]")).isTrue();
        assertThat(eval("lst[0].k = :v", ":v", s("v"))).as("index into a non-map").isFalse();
        assertThat(eval("info[0] = :v", ":v", s("v"))).as("index into a map").isFalse();
        assertThat(eval("lst [ 1 ] = :v", ":v", n("7"))).as("whitespace inside paths").isTrue();
    }

    @Test
    void conditions_onNoItem_onlyNotExistsAndNotEqualHold() {
        assertThat(Expressions.condition("a = :v", ctx(":v", n("1"))).test(Map.of())).isFalse();
        assertThat(Expressions.condition("a <> :v", ctx(":v", n("1"))).test(Map.of())).isTrue();
        assertThat(Expressions.condition("attribute_not_exists(a)", ctx()).test(Map.of())).isTrue();
    }
}
