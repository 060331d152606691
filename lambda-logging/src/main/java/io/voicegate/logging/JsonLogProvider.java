package io.voicegate.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 backend of the deployed functions, found by SLF4J through {@code META-INF/services}: every log line is
 * one JSON object on stdout, which is what Lambda's JSON log format ({@code LoggingConfig: LogFormat: JSON}) reads to
 * filter by level and to index fields. It replaces log4j2 in the function jars (2.5 MB and most of a cold start's
 * logging cost) with the ~150 lines this project needs: level, logger, message, the MDC's fields and the exception.
 * The MDC and marker implementations are SLF4J's own.
 *
 * <p>Sources: Lambda's log-level filtering of JSON lines on stdout needs a {@code "level"} key and an RFC 3339
 * {@code "timestamp"} ("Log-level filtering", AWS Lambda developer guide); SLF4J's provider contract is
 * {@code org.slf4j.spi.SLF4JServiceProvider} (SLF4J 2.0 manual, "Provider").
 */
public final class JsonLogProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        mdcAdapter = new BasicMDCAdapter();
        markerFactory = new BasicMarkerFactory();
        loggerFactory = new JsonLoggerFactory(LogLevels.fromEnvironment(System.getenv()), mdcAdapter,
                () -> System.out);
    }
}
