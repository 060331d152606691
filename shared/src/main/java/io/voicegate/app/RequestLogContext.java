package io.voicegate.app;

import org.slf4j.MDC;

/**
 * The request and account a log line is about, in SLF4J's MDC, so that every line written while one request is
 * handled carries {@code request_id} and {@code account_id} (the functions' JSON lines show every MDC field; the
 * local stack's log4j pattern shows them too). The edge that knows a request opens a scope and closes it when the
 * request is done ({@link #begin}, {@link #end}): the HTTP glue for each call, the SQS and stream batches for each record, the sweeper for each
 * request it visits. What an edge does not know yet is added where it becomes known: the account after the API key
 * is checked, the request id when a submission creates it, the account when the request's record is read.
 */
public final class RequestLogContext {

    public static final String REQUEST_ID = "request_id";
    public static final String ACCOUNT_ID = "account_id";

    private RequestLogContext() {
    }

    /**
     * Starts one request's work: the fields of the previous one are gone; {@code requestId} may be null when the
     * edge does not know it yet. The edge calls {@link #end()} when the work is done, in a {@code finally}.
     */
    public static void begin(String requestId) {
        end();
        request(requestId);
    }

    /** Ends one request's work: later lines carry neither field. */
    public static void end() {
        MDC.remove(REQUEST_ID);
        MDC.remove(ACCOUNT_ID);
    }

    public static void request(String requestId) {
        if (requestId != null && !requestId.isBlank()) {
            MDC.put(REQUEST_ID, requestId);
        }
    }

    public static void account(String accountId) {
        if (accountId != null && !accountId.isBlank()) {
            MDC.put(ACCOUNT_ID, accountId);
        }
    }

    /** A request's record was read: its account is the scope's when it is the scope's request. */
    public static void read(String requestId, String accountId) {
        if (requestId != null && requestId.equals(MDC.get(REQUEST_ID))) {
            account(accountId);
        }
    }
}
