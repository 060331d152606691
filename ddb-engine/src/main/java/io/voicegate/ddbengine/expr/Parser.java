package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.expr.Ast.Clause;
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
import io.voicegate.ddbengine.expr.Lexer.Kind;
import io.voicegate.ddbengine.expr.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive descent over the grammars of the developer guide ("Condition and filter expressions, operators, and
 * functions": Syntax; "Update expressions"; "Projection expressions"). Precedence, from "Precedence in conditions",
 * highest first: comparators, IN, BETWEEN, functions, parentheses, NOT, AND, OR — comparisons, IN, BETWEEN and
 * functions are atoms here, so only NOT &gt; AND &gt; OR needs levels. Keywords are case-insensitive.
 */
final class Parser {

    private static final Set<String> CONDITION_KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
    private static final Set<String> UPDATE_KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");

    /** A syntax error at token {@code index}; the furthest one wins when two alternatives were tried. */
    static final class SyntaxError extends RuntimeException {
        final int index;

        SyntaxError(int index) {
            super(null, null, false, false);
            this.index = index;
        }
    }

    private final String text;
    private final List<Token> tokens;
    private final Set<String> keywords;
    private int pos;

    private Parser(String text, Set<String> keywords) {
        this.text = text;
        this.tokens = Lexer.tokens(text);
        this.keywords = keywords;
    }

    static RawCond condition(String text) {
        Parser p = new Parser(text, CONDITION_KEYWORDS);
        return p.run(() -> {
            RawCond c = p.or();
            p.expectEof();
            return c;
        });
    }

    static List<RawAction> update(String text) {
        Parser p = new Parser(text, UPDATE_KEYWORDS);
        return p.run(p::updateClauses);
    }

    static List<RawPath> projection(String text) {
        Parser p = new Parser(text, Set.of());
        return p.run(() -> {
            List<RawPath> paths = new ArrayList<>();
            paths.add(p.path());
            while (p.acceptPunct(",")) {
                paths.add(p.path());
            }
            p.expectEof();
            return paths;
        });
    }

    private <T> T run(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (SyntaxError e) {
            throw new ExprException(syntaxMessage(e.index));
        }
    }

    /**
     * DynamoDB's message names the offending token and quotes the source from the token before it to the token
     * after it: {@code Syntax error; token: ":", near: "hits : incr"}.
     */
    private String syntaxMessage(int index) {
        Token bad = tokens.get(index);
        int from = index > 0 ? tokens.get(index - 1).start() : bad.start();
        Token after = index + 1 < tokens.size() ? tokens.get(index + 1) : bad;
        int to = after.kind() == Kind.EOF ? Math.max(bad.end(), after.start()) : after.end();
        return "Syntax error; token: \"" + bad.text() + "\", near: \"" + text.substring(from, to) + "\"";
    }

    // ---- conditions ---------------------------------------------------------------------------------------------

    private RawCond or() {
        RawCond left = and();
        while (acceptKeyword("OR")) {
            left = new RawOr(left, and());
        }
        return left;
    }

    private RawCond and() {
        RawCond left = not();
        while (acceptKeyword("AND")) {
            left = new RawAnd(left, not());
        }
        return left;
    }

    private RawCond not() {
        if (acceptKeyword("NOT")) {
            return new RawNot(not());
        }
        return primary();
    }

    private RawCond primary() {
        if (!isPunct("(")) {
            return comparison();
        }
        // "(" opens either a parenthesised condition or a parenthesised operand ("(a) = :v", "(size(a)) > :n"):
        // try the condition first, and read it as an operand when that fails or a comparator follows.
        int save = pos;
        SyntaxError first;
        try {
            pos++;
            RawCond inner = or();
            expectPunct(")");
            if (!startsComparison()) {
                return new RawParen(inner);
            }
            first = new SyntaxError(-1);
        } catch (SyntaxError e) {
            first = e;
        }
        pos = save;
        try {
            return comparison();
        } catch (SyntaxError second) {
            throw first.index > second.index ? first : second;
        }
    }

    private boolean startsComparison() {
        return (peek().kind() == Kind.PUNCT && COMPARATORS.contains(peek().text()))
                || isKeyword("BETWEEN") || isKeyword("IN");
    }

    private RawCond comparison() {
        RawOperand left = operand();
        Token t = peek();
        if (t.kind() == Kind.PUNCT && COMPARATORS.contains(t.text())) {
            pos++;
            return new RawCompare(t.text(), left, operand());
        }
        if (acceptKeyword("BETWEEN")) {
            RawOperand lower = operand();
            expectKeyword("AND");
            return new RawBetween(left, lower, operand());
        }
        if (acceptKeyword("IN")) {
            expectPunct("(");
            List<RawOperand> options = new ArrayList<>();
            options.add(operand());
            while (acceptPunct(",")) {
                options.add(operand());
            }
            expectPunct(")");
            return new RawIn(left, options);
        }
        if (left instanceof RawCall call) {
            return new RawFunc(call);
        }
        throw new SyntaxError(pos);
    }

    // ---- operands -----------------------------------------------------------------------------------------------

    /** An operand: {@code (operand)}, a function call, {@code :value} or a document path. */
    private RawOperand operand() {
        if (acceptPunct("(")) {
            // In update expressions "SET a = (b + :c)" is allowed, so a parenthesised operand may hold arithmetic.
            RawOperand inner = keywords == UPDATE_KEYWORDS ? setValue() : operand();
            expectPunct(")");
            return inner;
        }
        Token t = peek();
        if (t.kind() == Kind.VALUE_REF) {
            pos++;
            return new RawValue(t.text());
        }
        if (t.kind() == Kind.IDENT && !isKeywordToken(t) && tokens.get(pos + 1).text().equals("(")
                && tokens.get(pos + 1).kind() == Kind.PUNCT) {
            pos += 2;
            List<RawOperand> args = new ArrayList<>();
            args.add(operand());
            while (acceptPunct(",")) {
                args.add(operand());
            }
            expectPunct(")");
            return new RawCall(t.text(), args);
        }
        return path();
    }

    private RawPath path() {
        List<RawElem> elems = new ArrayList<>();
        elems.add(name());
        while (true) {
            if (acceptPunct(".")) {
                elems.add(name());
            } else if (acceptPunct("[")) {
                Token t = peek();
                if (t.kind() != Kind.NUMBER) {
                    throw new SyntaxError(pos);
                }
                int index;
                try {
                    index = Integer.parseInt(t.text());
                } catch (NumberFormatException e) {
                    throw new SyntaxError(pos);
                }
                pos++;
                expectPunct("]");
                elems.add(new RawIndex(index));
            } else {
                return new RawPath(elems);
            }
        }
    }

    private RawName name() {
        Token t = peek();
        if (t.kind() == Kind.IDENT && !isKeywordToken(t)) {
            pos++;
            return new RawName(t.text(), false);
        }
        if (t.kind() == Kind.NAME_REF) {
            pos++;
            return new RawName(t.text(), true);
        }
        throw new SyntaxError(pos);
    }

    // ---- update expressions -------------------------------------------------------------------------------------

    private List<RawAction> updateClauses() {
        List<RawAction> actions = new ArrayList<>();
        do {
            Token t = peek();
            if (t.kind() != Kind.IDENT || !isKeywordToken(t)) {
                throw new SyntaxError(pos);
            }
            pos++;
            Clause clause = Clause.valueOf(t.text().toUpperCase(Locale.ROOT));
            // A marker (no path) opens each clause, so the binder can refuse a section used twice.
            actions.add(new RawAction(clause, null, null));
            do {
                actions.add(action(clause));
            } while (acceptPunct(","));
        } while (peek().kind() != Kind.EOF);
        return actions;
    }

    private RawAction action(Clause clause) {
        RawPath target = path();
        switch (clause) {
            case SET:
                expectPunct("=");
                return new RawAction(clause, target, setValue());
            case REMOVE:
                return new RawAction(clause, target, null);
            default: {
                Token t = peek();
                if (t.kind() != Kind.VALUE_REF) {
                    throw new SyntaxError(pos);
                }
                pos++;
                return new RawAction(clause, target, new RawValue(t.text()));
            }
        }
    }

    private RawOperand setValue() {
        RawOperand left = operand();
        if (isPunct("+") || isPunct("-")) {
            String op = tokens.get(pos++).text();
            return new RawArith(op, left, operand());
        }
        return left;
    }

    // ---- tokens -------------------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    private boolean isPunct(String p) {
        return peek().kind() == Kind.PUNCT && peek().text().equals(p);
    }

    private boolean acceptPunct(String p) {
        if (isPunct(p)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectPunct(String p) {
        if (!acceptPunct(p)) {
            throw new SyntaxError(pos);
        }
    }

    private boolean isKeywordToken(Token t) {
        return t.kind() == Kind.IDENT && keywords.contains(t.text().toUpperCase(Locale.ROOT));
    }

    private boolean isKeyword(String k) {
        return peek().kind() == Kind.IDENT && peek().text().equalsIgnoreCase(k) && keywords.contains(k);
    }

    private boolean acceptKeyword(String k) {
        if (isKeyword(k)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String k) {
        if (!acceptKeyword(k)) {
            throw new SyntaxError(pos);
        }
    }

    private void expectEof() {
        if (peek().kind() != Kind.EOF) {
            throw new SyntaxError(pos);
        }
    }
}
