package io.voicegate.local.eventsource;

/**
 * What an event source calls: one function's handler, invoked as the Lambda runtime would. A thrown exception is the
 * invocation's function error. {@code LocalFunction::invoke} is one.
 */
@FunctionalInterface
public interface Invoker {

    Object invoke(Object event);
}
