package io.voicegate.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes each event as one JSON line: {@code timestamp} (RFC 3339, UTC), {@code level}, {@code logger},
 * {@code message} (SLF4J's {@code {}} placeholders filled in), then every MDC field of the calling thread (e.g.
 * {@code request_id}, {@code account_id}) and, when one is given, {@code exception} with its stack trace. A line is
 * written with a single {@code println}, so lines of concurrent threads never interleave.
 */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient Level threshold;
    private final transient MDCAdapter mdc;
    private final transient Supplier<PrintStream> out;

    JsonLogger(String name, Level threshold, MDCAdapter mdc, Supplier<PrintStream> out) {
        this.name = name;
        this.threshold = threshold;
        this.mdc = mdc;
        this.out = out;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"timestamp\":\"").append(Instant.now()).append('"');
        field(line, "level", level.name());
        field(line, "logger", name);
        field(line, "message", MessageFormatter.basicArrayFormat(pattern, arguments));
        Map<String, String> context = mdc.getCopyOfContextMap();
        if (context != null) {
            context.forEach((key, value) -> field(line, key, value));
        }
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            field(line, "exception", trace.toString().stripTrailing());
        }
        out.get().println(line.append('}'));
    }

    private static void field(StringBuilder line, String key, String value) {
        line.append(',');
        JsonText.quote(line, key);
        line.append(':');
        if (value == null) {
            line.append("null");
        } else {
            JsonText.quote(line, value);
        }
    }
}
