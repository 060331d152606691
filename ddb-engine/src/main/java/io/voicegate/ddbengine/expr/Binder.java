package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.expr.Ast.Action;
import io.voicegate.ddbengine.expr.Ast.And;
import io.voicegate.ddbengine.expr.Ast.Arith;
import io.voicegate.ddbengine.expr.Ast.BeginsWith;
import io.voicegate.ddbengine.expr.Ast.Between;
import io.voicegate.ddbengine.expr.Ast.Clause;
import io.voicegate.ddbengine.expr.Ast.CmpOp;
import io.voicegate.ddbengine.expr.Ast.Compare;
import io.voicegate.ddbengine.expr.Ast.Cond;
import io.voicegate.ddbengine.expr.Ast.Const;
import io.voicegate.ddbengine.expr.Ast.Contains;
import io.voicegate.ddbengine.expr.Ast.Exists;
import io.voicegate.ddbengine.expr.Ast.IfNotExists;
import io.voicegate.ddbengine.expr.Ast.In;
import io.voicegate.ddbengine.expr.Ast.ListAppend;
import io.voicegate.ddbengine.expr.Ast.Not;
import io.voicegate.ddbengine.expr.Ast.Operand;
import io.voicegate.ddbengine.expr.Ast.Or;
import io.voicegate.ddbengine.expr.Ast.Path;
import io.voicegate.ddbengine.expr.Ast.RawAction;
import io.voicegate.ddbengine.expr.Ast.RawAnd;
import io.voicegate.ddbengine.expr.Ast.RawArith;
import io.voicegate.ddbengine.expr.Ast.RawBetween;
import io.voicegate.ddbengine.expr.Ast.RawCall;
import io.voicegate.ddbengine.expr.Ast.RawCompare;
import io.voicegate.ddbengine.expr.Ast.RawCond;
import io.voicegate.ddbengine.expr.Ast.RawElem;
import io.voicegate.ddbengine.expr.Ast.RawFunc;
import io.voicegate.ddbengine.expr.Ast.RawIn;
import io.voicegate.ddbengine.expr.Ast.RawIndex;
import io.voicegate.ddbengine.expr.Ast.RawName;
import io.voicegate.ddbengine.expr.Ast.RawNot;
import io.voicegate.ddbengine.expr.Ast.RawOperand;
import io.voicegate.ddbengine.expr.Ast.RawOr;
import io.voicegate.ddbengine.expr.Ast.RawParen;
import io.voicegate.ddbengine.expr.Ast.RawPath;
import io.voicegate.ddbengine.expr.Ast.RawValue;
import io.voicegate.ddbengine.expr.Ast.Size;
import io.voicegate.ddbengine.expr.Ast.TypeIs;
import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.value.WireValues;
import io.voicegate.ddbengine.value.Values;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a raw tree into a bound one: substitutes {@code #n}/{@code :v} through the {@link ExpressionContext} and checks
 * the static rules (reserved words, undefined names and values, function names, operand counts and types, BETWEEN
 * bounds, overlapping update/projection paths). DynamoDB reports one error per expression, by category rather than by
 * position, so errors are collected and the one of the highest priority (lowest {@link Kind} ordinal) is thrown.
 */
final class Binder {

    /** Error categories, in the order DynamoDB reports them. */
    private enum Kind {
        PARENS, UNKNOWN_FUNCTION, MISUSED_FUNCTION, RESERVED, SECTION, NAME_OR_VALUE, LIMIT, OVERLAP, CONFLICT,
        OPERAND_COUNT, DISTINCT, OPERAND_TYPE
    }

    /** "The IN operator is provided with too many operands" past this (Service quotas, "Expression parameters"). */
    static final int MAX_IN_OPERANDS = 100;

    static final Set<String> ATTRIBUTE_TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    private final ExpressionContext ctx;
    private final String[] errors = new String[Kind.values().length];

    Binder(ExpressionContext ctx) {
        this.ctx = ctx;
    }

    private void error(Kind kind, String message) {
        if (errors[kind.ordinal()] == null) {
            errors[kind.ordinal()] = message;
        }
    }

    /** Throws the highest-priority error collected, if any. */
    void finish() {
        for (String e : errors) {
            if (e != null) {
                throw new ExprException(e);
            }
        }
    }

    // ---- paths and values -----------------------------------------------------------------------------------------

    Path path(RawPath raw) {
        List<Object> elements = new ArrayList<>();
        for (RawElem e : raw.elems()) {
            if (e instanceof RawIndex i) {
                elements.add(i.index());
            } else {
                RawName n = (RawName) e;
                if (n.ref()) {
                    String name = ctx.name(n.text());
                    if (name == null) {
                        error(Kind.NAME_OR_VALUE, "An expression attribute name used in the document path is not "
                                + "defined; attribute name: " + n.text());
                        name = n.text();
                    }
                    elements.add(name);
                } else {
                    if (ReservedWords.isReserved(n.text())) {
                        error(Kind.RESERVED, "Attribute name is a reserved keyword; reserved keyword: " + n.text());
                    }
                    elements.add(n.text());
                }
            }
        }
        return new Path(List.copyOf(elements));
    }

    private Const value(RawValue raw) {
        Value v = ctx.value(raw.ref());
        if (v == null) {
            error(Kind.NAME_OR_VALUE, "An expression attribute value used in expression is not defined; attribute "
                    + "value: " + raw.ref());
            v = new Value.NULL();
        }
        return new Const(v);
    }

    /** The type an operand is known to have before evaluation: a constant's, or N for size(); else null. */
    private static String staticType(Operand o) {
        if (o instanceof Const c) {
            return c.value().type();
        }
        return o instanceof Size ? "N" : null;
    }

    private boolean argCount(String function, List<RawOperand> args, int expected) {
        if (args.size() != expected) {
            error(Kind.OPERAND_COUNT, "Incorrect number of operands for operator or function; operator or function: "
                    + function + ", number of operands: " + args.size());
            return false;
        }
        return true;
    }

    private void operandType(String function, String type) {
        error(Kind.OPERAND_TYPE, "Incorrect operand type for operator or function; operator or function: "
                + function + ", operand type: " + type);
    }

    private void requirePath(String function, Operand o) {
        if (!(o instanceof Path)) {
            error(Kind.OPERAND_TYPE, "Operator or function requires a document path; operator or function: "
                    + function);
        }
    }

    /** "a = a" and "begins_with(a, a)" are refused: the first operand must differ from the others. */
    private void distinct(String operator, Operand first, Operand second) {
        if (first instanceof Path p && p.equals(second)) {
            error(Kind.DISTINCT, "The first operand must be distinct from the remaining operands for this operator "
                    + "or function; operator: " + operator + ", first operand: " + p);
        }
    }

    // ---- conditions -----------------------------------------------------------------------------------------------

    Cond condition(RawCond raw) {
        if (raw instanceof RawParen p) {
            if (p.inner() instanceof RawParen) {
                error(Kind.PARENS, "The expression has redundant parentheses;");
            }
            return condition(p.inner());
        }
        if (raw instanceof RawOr o) {
            return new Or(condition(o.left()), condition(o.right()));
        }
        if (raw instanceof RawAnd a) {
            return new And(condition(a.left()), condition(a.right()));
        }
        if (raw instanceof RawNot n) {
            return new Not(condition(n.cond()));
        }
        if (raw instanceof RawCompare c) {
            Operand left = conditionOperand(c.left());
            Operand right = conditionOperand(c.right());
            distinct(c.op(), left, right);
            return new Compare(CmpOp.of(c.op()), left, right);
        }
        if (raw instanceof RawBetween b) {
            Operand x = conditionOperand(b.operand());
            Operand lower = conditionOperand(b.lower());
            Operand upper = conditionOperand(b.upper());
            betweenBounds(lower, upper);
            return new Between(x, lower, upper);
        }
        if (raw instanceof RawIn in) {
            if (in.options().size() > MAX_IN_OPERANDS) {
                error(Kind.LIMIT, "The IN operator is provided with too many operands; number of operands: "
                        + in.options().size());
            }
            Operand x = conditionOperand(in.operand());
            List<Operand> options = new ArrayList<>();
            for (RawOperand o : in.options()) {
                options.add(conditionOperand(o));
            }
            return new In(x, List.copyOf(options));
        }
        return function(((RawFunc) raw).call());
    }

    /** Both bounds constant: same type, and lower &lt;= upper ("Comparison operator reference": BETWEEN). */
    private void betweenBounds(Operand lower, Operand upper) {
        if (lower instanceof Const lo && upper instanceof Const hi) {
            if (!lo.value().type().equals(hi.value().type())) {
                error(Kind.OPERAND_TYPE, "The BETWEEN operator requires same data type for lower and upper bounds; "
                        + "lower bound operand: AttributeValue: " + show(lo.value()) + ", upper bound operand: "
                        + "AttributeValue: " + show(hi.value()));
            } else if (Values.comparable(lo.value(), hi.value()) && Values.compare(lo.value(), hi.value()) > 0) {
                error(Kind.OPERAND_TYPE, "The BETWEEN operator requires upper bound to be greater than or equal to "
                        + "lower bound; lower bound operand: AttributeValue: " + show(lo.value())
                        + ", upper bound operand: AttributeValue: " + show(hi.value()));
            }
        }
    }

    /** {@code {N:1}} as DynamoDB prints an attribute value in messages. */
    private static String show(Value v) {
        String json = WireValues.json(v).toString();
        return json.replace("\"", "");
    }

    /** An operand of a comparison, BETWEEN or IN: only size() may be a function there. */
    private Operand conditionOperand(RawOperand raw) {
        if (raw instanceof RawCall call && !call.name().equals("size")) {
            if (isConditionFunction(call.name())) {
                error(Kind.MISUSED_FUNCTION, "The function is not allowed to be used this way in an expression; "
                        + "function: " + call.name());
            } else {
                error(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + call.name());
            }
            return new Const(new Value.NULL());
        }
        return operand(raw);
    }

    private static boolean isConditionFunction(String name) {
        return switch (name) {
            case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains" -> true;
            default -> false;
        };
    }

    /** A function standing alone as a condition. */
    private Cond function(RawCall call) {
        String name = call.name();
        List<RawOperand> raw = call.args();
        if (name.equals("size")) {
            error(Kind.MISUSED_FUNCTION, "The function is not allowed to be used this way in an expression; "
                    + "function: size");
            return new Exists(new Path(List.of("size")), true);
        }
        if (!isConditionFunction(name)) {
            error(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
            return new Exists(new Path(List.of(name)), true);
        }
        List<Operand> args = new ArrayList<>();
        for (RawOperand r : raw) {
            args.add(conditionOperand(r));
        }
        boolean oneArg = name.startsWith("attribute_") && !name.equals("attribute_type");
        if (!argCount(name, raw, oneArg ? 1 : 2)) {
            return new Exists(new Path(List.of(name)), true);
        }
        if (!oneArg) {
            distinct(name, args.get(0), args.get(1));
        }
        switch (name) {
            case "attribute_exists", "attribute_not_exists": {
                requirePath(name, args.get(0));
                Path p = args.get(0) instanceof Path x ? x : new Path(List.of(name));
                return new Exists(p, name.equals("attribute_exists"));
            }
            case "attribute_type": {
                requirePath(name, args.get(0));
                String type = staticType(args.get(1));
                String wanted = "";
                if (!"S".equals(type)) {
                    operandType(name, type == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : type);
                } else {
                    wanted = ((Value.S) ((Const) args.get(1)).value()).value();
                    if (!ATTRIBUTE_TYPES.contains(wanted)) {
                        error(Kind.OPERAND_TYPE, "Invalid attribute type name found; type: " + wanted
                                + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                    }
                }
                Path p = args.get(0) instanceof Path x ? x : new Path(List.of(name));
                return new TypeIs(p, wanted);
            }
            case "begins_with": {
                for (Operand a : args) {
                    String type = staticType(a);
                    if (type != null && !type.equals("S") && !type.equals("B")) {
                        operandType(name, type);
                    }
                }
                return new BeginsWith(args.get(0), args.get(1));
            }
            default:
                return new Contains(args.get(0), args.get(1));
        }
    }

    /** A path, a value, or (conditions) size(path), or (updates) if_not_exists / list_append / + / -. */
    private Operand operand(RawOperand raw) {
        if (raw instanceof RawPath p) {
            return path(p);
        }
        if (raw instanceof RawValue v) {
            return value(v);
        }
        if (raw instanceof RawArith a) {
            Operand left = operand(a.left());
            Operand right = operand(a.right());
            for (Operand o : List.of(left, right)) {
                if (o instanceof Const c && !(c.value() instanceof Value.N)) {
                    operandType(a.op(), c.value().type());
                }
            }
            return new Arith(a.op().equals("+"), left, right);
        }
        RawCall call = (RawCall) raw;
        List<Operand> args = new ArrayList<>();
        for (RawOperand r : call.args()) {
            args.add(operand(r));
        }
        switch (call.name()) {
            case "size": {
                if (!argCount("size", call.args(), 1)) {
                    return new Size(new Const(new Value.NULL()));
                }
                String type = staticType(args.get(0));
                if (type != null && (type.equals("N") || type.equals("BOOL") || type.equals("NULL"))) {
                    operandType("size", type);
                }
                return new Size(args.get(0));
            }
            case "if_not_exists": {
                if (!argCount("if_not_exists", call.args(), 2)) {
                    return new Const(new Value.NULL());
                }
                requirePath("if_not_exists", args.get(0));
                Path p = args.get(0) instanceof Path x ? x : new Path(List.of("if_not_exists"));
                return new IfNotExists(p, args.get(1));
            }
            case "list_append": {
                if (!argCount("list_append", call.args(), 2)) {
                    return new Const(new Value.NULL());
                }
                for (Operand o : args) {
                    if (o instanceof Const c && !(c.value() instanceof Value.L)) {
                        operandType("list_append", c.value().type());
                    }
                }
                return new ListAppend(args.get(0), args.get(1));
            }
            default:
                error(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + call.name());
                return new Const(new Value.NULL());
        }
    }

    // ---- updates ----------------------------------------------------------------------------------------------------

    /** Functions an update operand may call; size() and the condition functions are unknown there. */
    private void refuseConditionFunctions(RawOperand raw) {
        if (raw instanceof RawCall call) {
            if (!call.name().equals("if_not_exists") && !call.name().equals("list_append")) {
                error(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + call.name());
            }
            call.args().forEach(this::refuseConditionFunctions);
        } else if (raw instanceof RawArith a) {
            refuseConditionFunctions(a.left());
            refuseConditionFunctions(a.right());
        }
    }

    List<Action> update(List<RawAction> raw) {
        Set<Clause> seen = EnumSet.noneOf(Clause.class);
        List<Action> actions = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (RawAction a : raw) {
            if (a.path() == null) {
                if (!seen.add(a.clause())) {
                    error(Kind.SECTION, "The \"" + a.clause() + "\" section can only be used once in an update "
                            + "expression;");
                }
                continue;
            }
            Path target = path(a.path());
            checkOverlap(paths, target);
            Operand value = null;
            if (a.clause() == Clause.SET) {
                refuseConditionFunctions(a.value());
                value = operand(a.value());
            } else if (a.value() != null) {
                Const c = value((RawValue) a.value());
                setOperand(a.clause(), c.value());
                value = c;
            }
            actions.add(new Action(a.clause(), target, value));
        }
        return actions;
    }

    /** ADD takes a number or a set, DELETE a set ("Update expressions": ADD, DELETE). */
    private void setOperand(Clause clause, Value v) {
        String typeName = switch (v.type()) {
            case "S" -> "STRING";
            case "N" -> clause == Clause.ADD ? null : "NUMBER";
            case "B" -> "BINARY";
            case "NULL" -> "NULL";
            case "BOOL" -> "BOOLEAN";
            case "L" -> "LIST";
            case "M" -> "MAP";
            default -> null;
        };
        if (typeName != null) {
            error(Kind.OPERAND_TYPE, "Incorrect operand type for operator or function; operator: " + clause
                    + ", operand type: " + typeName);
        }
    }

    /**
     * Two paths overlap when one is a prefix of the other (the same path twice included); they conflict when at the
     * first place they differ one has a map key and the other a list index.
     */
    void checkOverlap(List<Path> earlier, Path path) {
        for (Path other : earlier) {
            List<Object> a = other.elements();
            List<Object> b = path.elements();
            boolean differs = false;
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                if ((a.get(i) instanceof Integer) != (b.get(i) instanceof Integer)) {
                    error(Kind.CONFLICT, "Two document paths conflict with each other; must remove or rewrite one of "
                            + "these paths; path one: " + other + ", path two: " + path);
                    differs = true;
                    break;
                }
                if (!a.get(i).equals(b.get(i))) {
                    differs = true;
                    break;
                }
            }
            if (!differs) {
                error(Kind.OVERLAP, "Two document paths overlap with each other; must remove or rewrite one of these "
                        + "paths; path one: " + other + ", path two: " + path);
            }
        }
        earlier.add(path);
    }
}
