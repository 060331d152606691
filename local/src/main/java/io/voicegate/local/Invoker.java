package io.voicegate.local;

/**
 * What an event source calls: one function's handler, invoked as the Lambda runtime would. A thrown exception is the
 * invocation's function error. {@code LocalFunction::invoke} is one.
 */
@FunctionalInterface
interface Invoker {

    Object invoke(Object event);
}
