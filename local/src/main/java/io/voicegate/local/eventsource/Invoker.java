package io.voicegate.local.eventsource;

/**
 * What every {@link EventSource} calls: one function's handler, invoked as the Lambda runtime would. A thrown exception
 * is the invocation's function error. {@code LocalFunction::invoke} is one.
 */
@FunctionalInterface
public interface Invoker {

    /**
     * @param event the Lambda event object the trigger delivers ({@code SQSEvent}, {@code DynamodbEvent}, …)
     * @return the handler's response ({@code SQSBatchResponse}, {@code StreamsEventResponse}, …), or null
     */
    Object invoke(Object event);
}
