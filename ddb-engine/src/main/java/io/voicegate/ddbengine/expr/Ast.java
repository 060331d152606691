package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;

import java.util.List;

/**
 * The two trees of an expression. The parser builds the raw tree ({@code Raw*}): syntax only, names and values still
 * as written. The {@link Binder} turns it into the bound tree, with {@code #n} and {@code :v} substituted and every
 * static rule checked, which the evaluators walk. Keeping syntax apart from meaning lets syntax errors win over the
 * semantic ones, as in DynamoDB (an undefined {@code #x} in text that does not parse reports the syntax error).
 */
final class Ast {

    private Ast() {
    }

    // ---- raw tree -------------------------------------------------------------------------------------------------

    sealed interface RawOperand permits RawPath, RawValue, RawCall, RawArith {
    }

    /** One document path element: a name (literal, or {@code #ref} when {@code ref}) or a list index. */
    sealed interface RawElem permits RawName, RawIndex {
    }

    record RawName(String text, boolean ref) implements RawElem {
    }

    record RawIndex(int index) implements RawElem {
    }

    record RawPath(List<RawElem> elems) implements RawOperand {
    }

    record RawValue(String ref) implements RawOperand {
    }

    record RawCall(String name, List<RawOperand> args) implements RawOperand {
    }

    record RawArith(String op, RawOperand left, RawOperand right) implements RawOperand {
    }

    sealed interface RawCond permits RawCompare, RawBetween, RawIn, RawFunc, RawNot, RawAnd, RawOr, RawParen {
    }

    record RawCompare(String op, RawOperand left, RawOperand right) implements RawCond {
    }

    record RawBetween(RawOperand operand, RawOperand lower, RawOperand upper) implements RawCond {
    }

    record RawIn(RawOperand operand, List<RawOperand> options) implements RawCond {
    }

    record RawFunc(RawCall call) implements RawCond {
    }

    record RawNot(RawCond cond) implements RawCond {
    }

    record RawAnd(RawCond left, RawCond right) implements RawCond {
    }

    record RawOr(RawCond left, RawCond right) implements RawCond {
    }

    /** Kept so that {@code ((a = :v))} can be refused as redundant parentheses. */
    record RawParen(RawCond inner) implements RawCond {
    }

    enum Clause { SET, REMOVE, ADD, DELETE }

    /** One update action; {@code value} is the SET operand, or the {@link RawValue} of ADD/DELETE, or null. */
    record RawAction(Clause clause, RawPath path, RawOperand value) {
    }

    // ---- bound tree -----------------------------------------------------------------------------------------------

    sealed interface Operand permits Path, Const, Size, IfNotExists, ListAppend, Arith {
    }

    /** A document path: {@code String} elements are map keys (top-level attribute first), {@code Integer} ones list indexes. */
    record Path(List<Object> elements) implements Operand {
        String head() {
            return (String) elements.get(0);
        }

        /** DynamoDB's rendering in error messages: {@code [a, b, [0]]}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < elements.size(); i++) {
                Object e = elements.get(i);
                sb.append(i == 0 ? "" : ", ").append(e instanceof Integer ? "[" + e + "]" : e);
            }
            return sb.append(']').toString();
        }
    }

    record Const(Value value) implements Operand {
    }

    record Size(Operand operand) implements Operand {
    }

    record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    record ListAppend(Operand first, Operand second) implements Operand {
    }

    record Arith(boolean plus, Operand left, Operand right) implements Operand {
    }

    enum CmpOp {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        CmpOp(String symbol) {
            this.symbol = symbol;
        }

        static CmpOp of(String symbol) {
            for (CmpOp op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }

        /** The operator seen from the other side: {@code :v < a} is {@code a > :v}. */
        CmpOp flipped() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }

    sealed interface Cond permits Compare, Between, In, Exists, TypeIs, BeginsWith, Contains, Not, And, Or {
    }

    record Compare(CmpOp op, Operand left, Operand right) implements Cond {
    }

    record Between(Operand operand, Operand lower, Operand upper) implements Cond {
    }

    record In(Operand operand, List<Operand> options) implements Cond {
    }

    /** {@code attribute_exists} when {@code exists}, else {@code attribute_not_exists}. */
    record Exists(Path path, boolean exists) implements Cond {
    }

    record TypeIs(Path path, String type) implements Cond {
    }

    record BeginsWith(Operand operand, Operand prefix) implements Cond {
    }

    record Contains(Operand operand, Operand element) implements Cond {
    }

    record Not(Cond cond) implements Cond {
    }

    record And(Cond left, Cond right) implements Cond {
    }

    record Or(Cond left, Cond right) implements Cond {
    }

    record Action(Clause clause, Path path, Operand value) {
    }
}
