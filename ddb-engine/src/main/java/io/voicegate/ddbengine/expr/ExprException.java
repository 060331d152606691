package io.voicegate.ddbengine.expr;

/**
 * A parse-time error of one expression, without the {@code "Invalid <Parameter>: "} prefix, which {@link Expressions}
 * adds because only it knows which request parameter the text came from.
 */
final class ExprException extends RuntimeException {

    ExprException(String detail) {
        super(detail, null, false, false);
    }
}
