package io.voicegate.ddbengine;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered to the client in DynamoDB's JSON 1.0 error shape: HTTP {@link #status()} with the body
 * {@code {"__type":"com.amazonaws.dynamodb.v20120810#<type>","message":"..."}} (DynamoDB API reference, "Error
 * handling with DynamoDB"). The SDKs map {@code type} to their exception class.
 */
public class DynamoError extends RuntimeException {

    private final String type;
    private final int status;
    private final ObjectNode details;

    public DynamoError(String type, int status, String message) {
        this(type, status, message, null);
    }

    /** An error whose body carries more fields, e.g. {@code Item} or {@code CancellationReasons}. */
    public DynamoError(String type, int status, String message, ObjectNode details) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.details = details;
    }

    /** {@code ValidationException}, HTTP 400: the request breaks a documented rule; nothing was changed. */
    public static DynamoError validation(String message) {
        return new DynamoError("ValidationException", 400, message);
    }

    /** {@code ResourceNotFoundException}, HTTP 400: the table, index or stream does not exist. */
    public static DynamoError resourceNotFound(String message) {
        return new DynamoError("ResourceNotFoundException", 400, message);
    }

    /** {@code ResourceInUseException}, HTTP 400: for example a table created twice. */
    public static DynamoError resourceInUse(String message) {
        return new DynamoError("ResourceInUseException", 400, message);
    }

    /** {@code InternalServerError}, HTTP 500. */
    public static DynamoError internal(String message) {
        return new DynamoError("InternalServerError", 500, message);
    }

    /** The error type without its namespace, e.g. {@code ValidationException}. */
    public String type() {
        return type;
    }

    /** Fields of the error body besides {@code __type} and {@code message}; null when none. */
    public ObjectNode details() {
        return details;
    }

    /** The HTTP status: 400 for client errors (throttling included), 500 for server errors. */
    public int status() {
        return status;
    }
}
