package io.voicegate.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/** One {@link JsonLogger} per name, each with its threshold fixed when it is created. */
final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogLevels levels;
    private final MDCAdapter mdc;
    private final Supplier<PrintStream> out;

    /** @param out where lines go, asked at each line (so a test that swaps {@code System.out} sees them) */
    JsonLoggerFactory(LogLevels levels, MDCAdapter mdc, Supplier<PrintStream> out) {
        this.levels = levels;
        this.mdc = mdc;
        this.out = out;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, levels.threshold(n), mdc, out));
    }
}
