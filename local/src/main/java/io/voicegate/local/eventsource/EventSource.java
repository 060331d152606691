package io.voicegate.local.eventsource;

/**
 * What triggers one template function, as Lambda's event source mappings and EventBridge's rules do: built from the
 * function's template event, it calls the function through an {@link Invoker} from the moment it is constructed (unless
 * the event is disabled) until it is closed. Every source is constructed the same way: the function's logical id, its
 * {@link Invoker}, the template event and the resolver of the template's intrinsics, then what it reads from.
 */
public interface EventSource extends AutoCloseable {

    /** Stops calling the function; an invocation under way finishes first. */
    @Override
    void close();
}
