package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.value.Value;
import io.voicegate.ddbengine.expr.Ast.Cond;
import io.voicegate.ddbengine.expr.Ast.Path;
import io.voicegate.ddbengine.expr.Ast.RawPath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parses DynamoDB expressions (developer guide, "Using expressions in DynamoDB"). Every parse error is a
 * ValidationException whose message starts with {@code "Invalid <ParameterName>: "}, for example
 * <ul>
 * <li>{@code Invalid ConditionExpression: Syntax error; token: "=", near: "a = = :v"} — the token, and the text from
 * the token before it to the token after it;</li>
 * <li>{@code ... The expression can not be empty;} and {@code ... Expression size has exceeded the maximum allowed
 * size} (over 4 KB, Service quotas "Expression parameters");</li>
 * <li>{@code ... Attribute name is a reserved keyword; reserved keyword: status} ("Reserved words in DynamoDB");</li>
 * <li>{@code ... An expression attribute name used in the document path is not defined; attribute name: #x} and
 * {@code ... An expression attribute value used in expression is not defined; attribute value: :v};</li>
 * <li>{@code ... Invalid function name; function: f}, {@code ... Incorrect number of operands for operator or
 * function; operator or function: size, number of operands: 2}, {@code ... Incorrect operand type for operator or
 * function; operator or function: begins_with, operand type: N}, {@code ... The function is not allowed to be used
 * this way in an expression; function: contains}, {@code ... The expression has redundant parentheses;}, {@code ...
 * The IN operator is provided with too many operands; number of operands: 101};</li>
 * <li>updates: {@code ... The "SET" section can only be used once in an update expression;}, {@code ... Two document
 * paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]},
 * {@code ... Incorrect operand type for operator or function; operator: ADD, operand type: STRING}.</li>
 * </ul>
 * Names and values are looked up in (and marked used in) the {@link ExpressionContext}.
 */
public final class Expressions {

    /** "The maximum length of any expression string is 4 KB" (Service quotas, "Expression parameters"). */
    public static final int MAX_EXPRESSION_BYTES = 4096;

    private Expressions() {
    }

    /** A ConditionExpression. */
    public static Condition condition(String text, ExpressionContext ctx) {
        return condition(text, ctx, "ConditionExpression");
    }

    /**
     * A condition in the parameter {@code parameterName} ({@code "ConditionExpression"} or {@code "FilterExpression"}),
     * which prefixes the error messages.
     */
    public static Condition condition(String text, ExpressionContext ctx, String parameterName) {
        Cond cond = parse(text, parameterName, () -> {
            Binder binder = new Binder(ctx);
            Cond c = binder.condition(Parser.condition(text));
            binder.finish();
            return c;
        });
        Set<String> attributes = Collections.unmodifiableSet(attributes(cond, new LinkedHashSet<>()));
        return new Condition() {
            @Override
            public boolean test(Map<String, Value> item) {
                return Eval.test(cond, item);
            }

            @Override
            public Set<String> topLevelAttributes() {
                return attributes;
            }
        };
    }

    private static Set<String> attributes(Cond cond, Set<String> out) {
        if (cond instanceof Ast.Compare c) {
            attributes(c.left(), out);
            attributes(c.right(), out);
        } else if (cond instanceof Ast.Between b) {
            attributes(b.operand(), out);
            attributes(b.lower(), out);
            attributes(b.upper(), out);
        } else if (cond instanceof Ast.In in) {
            attributes(in.operand(), out);
            in.options().forEach(o -> attributes(o, out));
        } else if (cond instanceof Ast.Exists e) {
            out.add(e.path().head());
        } else if (cond instanceof Ast.TypeIs t) {
            out.add(t.path().head());
        } else if (cond instanceof Ast.BeginsWith b) {
            attributes(b.operand(), out);
            attributes(b.prefix(), out);
        } else if (cond instanceof Ast.Contains c) {
            attributes(c.operand(), out);
            attributes(c.element(), out);
        } else if (cond instanceof Ast.Not n) {
            attributes(n.cond(), out);
        } else if (cond instanceof Ast.And a) {
            attributes(a.left(), out);
            attributes(a.right(), out);
        } else if (cond instanceof Ast.Or o) {
            attributes(o.left(), out);
            attributes(o.right(), out);
        }
        return out;
    }

    private static void attributes(Ast.Operand operand, Set<String> out) {
        if (operand instanceof Ast.Path p) {
            out.add(p.head());
        } else if (operand instanceof Ast.Size s) {
            attributes(s.operand(), out);
        } else if (operand instanceof Ast.IfNotExists i) {
            out.add(i.path().head());
            attributes(i.fallback(), out);
        } else if (operand instanceof Ast.ListAppend l) {
            attributes(l.first(), out);
            attributes(l.second(), out);
        } else if (operand instanceof Ast.Arith a) {
            attributes(a.left(), out);
            attributes(a.right(), out);
        }
    }

    /** An UpdateExpression. */
    public static Update update(String text, ExpressionContext ctx) {
        return parse(text, "UpdateExpression", () -> {
            Binder binder = new Binder(ctx);
            UpdatePlan plan = new UpdatePlan(binder.update(Parser.update(text)));
            binder.finish();
            return plan;
        });
    }

    /** A ProjectionExpression. Values ({@code :v}) are not allowed in projections, only names. */
    public static Projection projection(String text, ExpressionContext ctx) {
        return parse(text, "ProjectionExpression", () -> {
            Binder binder = new Binder(ctx);
            List<Path> paths = new ArrayList<>();
            List<Path> seen = new ArrayList<>();
            for (RawPath raw : Parser.projection(text)) {
                Path p = binder.path(raw);
                binder.checkOverlap(seen, p);
                paths.add(p);
            }
            binder.finish();
            return new ProjectionPlan(paths);
        });
    }

    /**
     * A KeyConditionExpression: {@code pk = :v} optionally {@code AND} one sort key condition ({@code = < <= > >=},
     * {@code BETWEEN}, {@code begins_with}), either order. Other forms are refused with DynamoDB's messages
     * ({@code Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR}, {@code ...
     * KeyConditionExpressions must only contain one condition per key}, ...). Resolve it against the key schema
     * with {@link KeyConditions#forKeys}.
     */
    public static KeyConditions keyCondition(String text, ExpressionContext ctx) {
        return parse(text, "KeyConditionExpression", () -> {
            Binder binder = new Binder(ctx);
            Cond c = binder.condition(Parser.condition(text));
            binder.finish();
            return KeyConditions.of(c);
        });
    }

    private static <T> T parse(String text, String parameterName, Supplier<T> body) {
        try {
            if (text == null || text.isEmpty()) {
                throw new ExprException("The expression can not be empty;");
            }
            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_EXPRESSION_BYTES) {
                throw new ExprException("Expression size has exceeded the maximum allowed size");
            }
            return body.get();
        } catch (ExprException e) {
            throw DynamoError.validation("Invalid " + parameterName + ": " + e.getMessage());
        }
    }
}
