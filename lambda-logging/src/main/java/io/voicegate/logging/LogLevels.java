package io.voicegate.logging;

import org.slf4j.event.Level;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which levels each logger writes: the function's application log level for our own loggers, and at least
 * {@code WARN} for the AWS SDK's, whose {@code INFO} and {@code DEBUG} lines describe every HTTP call, and for the
 * embedded-metric-format library's, which logs its environment guesses ("Unknown name") at {@code INFO} on every
 * flush.
 *
 * @param application the threshold of every logger but the SDK's
 */
record LogLevels(Level application) {

    /** Lambda's environment variable for {@code LoggingConfig: ApplicationLogLevel} (JSON log format only). */
    static final String LAMBDA_LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    private static final List<String> QUIET_PREFIXES = List.of("software.amazon.awssdk",
            "software.amazon.cloudwatchlogs.emf");

    /**
     * The levels Lambda asks for: {@code AWS_LAMBDA_LOG_LEVEL} is one of TRACE, DEBUG, INFO, WARN, ERROR and FATAL
     * ("Log-level filtering", AWS Lambda developer guide); SLF4J has no FATAL, so it keeps ERROR. Unset or unknown
     * means INFO.
     */
    static LogLevels fromEnvironment(Map<String, String> environment) {
        String name = environment.getOrDefault(LAMBDA_LOG_LEVEL, "INFO").trim().toUpperCase(Locale.ROOT);
        Level level = switch (name) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
        return new LogLevels(level);
    }

    /** The lowest level the named logger writes. */
    Level threshold(String loggerName) {
        boolean quiet = QUIET_PREFIXES.stream().anyMatch(loggerName::startsWith);
        return quiet && application.toInt() < Level.WARN.toInt() ? Level.WARN : application;
    }
}
