package io.voicegate.ddbengine.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits expression text into tokens. Nothing is refused here: a character the grammar does not know becomes a
 * one-character token, so that the parser reports it as DynamoDB does ({@code Syntax error; token: "!", near: "!!"}).
 */
final class Lexer {

    enum Kind { IDENT, NAME_REF, VALUE_REF, NUMBER, PUNCT, EOF }

    record Token(Kind kind, String text, int start, int end) {
    }

    private Lexer() {
    }

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (isIdentStart(c)) {
                i = skipIdentPart(text, i + 1);
                out.add(new Token(Kind.IDENT, text.substring(start, i), start, i));
            } else if ((c == '#' || c == ':') && i + 1 < n && isIdentPart(text.charAt(i + 1))) {
                // "#name" and ":value" are one token each; their rest may start with a digit (#1, :0).
                i = skipIdentPart(text, i + 1);
                out.add(new Token(c == '#' ? Kind.NAME_REF : Kind.VALUE_REF, text.substring(start, i), start, i));
            } else if (c >= '0' && c <= '9') {
                while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(start, i), start, i));
            } else if ((c == '<' || c == '>') && i + 1 < n && text.charAt(i + 1) == '=') {
                i += 2;
                out.add(new Token(Kind.PUNCT, text.substring(start, i), start, i));
            } else if (c == '<' && i + 1 < n && text.charAt(i + 1) == '>') {
                i += 2;
                out.add(new Token(Kind.PUNCT, "<>", start, i));
            } else {
                i += Character.charCount(text.codePointAt(i));
                out.add(new Token(Kind.PUNCT, text.substring(start, i), start, i));
            }
        }
        out.add(new Token(Kind.EOF, "<EOF>", n, n));
        return out;
    }

    private static int skipIdentPart(String text, int i) {
        while (i < text.length() && isIdentPart(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }
}
