package io.voicegate.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.json.Json;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.SamTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template {@code Schedule} event, as EventBridge runs it: every {@code rate(…)} the function gets a
 * {@link ScheduledEvent} from the rule, built by the Lambda runtime's serializer. The interval can be overridden to
 * run schedules faster locally; a {@code cron(…)} schedule runs at that interval (every minute without one). A
 * failing invocation is logged and the schedule carries on.
 */
public final class ScheduleEventSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleEventSource.class);
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|hour|day)(s?)\\s*\\)");
    static final Duration CRON_FALLBACK = Duration.ofMinutes(1);
    private static final PojoSerializer<ScheduledEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(ScheduledEvent.class, ScheduleEventSource.class.getClassLoader());

    private final String functionName;
    private final Invoker function;
    private final String ruleArn;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    /**
     * Starts firing, first one interval from now, unless the event is disabled.
     *
     * @param intervalOverride fire at this interval instead of the schedule's (the local stack's sweep interval)
     * @throws IllegalArgumentException when the schedule expression is neither a valid rate nor a cron
     */
    public ScheduleEventSource(String functionName, Invoker function, SamTemplate.Event event,
                               Function<Object, String> resolve, Optional<Duration> intervalOverride, Clock clock) {
        this.functionName = functionName;
        this.function = function;
        this.clock = clock;
        Map<String, Object> p = event.properties();
        String expression = resolve.apply(p.get("Schedule")).trim();
        this.interval = intervalOverride.orElseGet(() -> interval(expression));
        String rule = p.containsKey("Name") ? resolve.apply(p.get("Name")) : functionName + event.name();
        this.ruleArn = "arn:aws:events:" + LocalSqs.REGION + ":" + LocalSqs.ACCOUNT + ":rule/" + rule;
        if (p.containsKey("Input")) {
            LOG.warn("{}: Input is not emulated; {} gets the ScheduledEvent", event.name(), functionName);
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "schedule-" + functionName + "-" + event.name());
            thread.setDaemon(true);
            return thread;
        });
        boolean enabled = !p.containsKey("Enabled") || Boolean.parseBoolean(resolve.apply(p.get("Enabled")).trim());
        boolean disabled = p.containsKey("State") && "DISABLED".equals(resolve.apply(p.get("State")).trim());
        if (enabled && !disabled) {
            executor.scheduleAtFixedRate(this::fire, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The interval of an EventBridge schedule expression: {@code rate(1 minute)}, {@code rate(5 minutes)}, … */
    static Duration interval(String expression) {
        if (expression.startsWith("cron(")) {
            LOG.info("{} runs every {} locally", expression, CRON_FALLBACK);
            return CRON_FALLBACK;
        }
        Matcher rate = RATE.matcher(expression);
        if (!rate.matches()) {
            throw new IllegalArgumentException("not a schedule expression: " + expression);
        }
        long value = Long.parseLong(rate.group(1));
        if (value < 1 || (value == 1) != rate.group(3).isEmpty()) {
            throw new IllegalArgumentException("invalid rate (a value of 1 takes a singular unit, more a plural): "
                    + expression);
        }
        ChronoUnit unit = switch (rate.group(2)) {
            case "minute" -> ChronoUnit.MINUTES;
            case "hour" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
        return Duration.of(value, unit);
    }

    Duration interval() {
        return interval;
    }

    private void fire() {
        try {
            function.invoke(event());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("scheduled invocation of {} failed; the schedule carries on", functionName, e);
        }
    }

    private ScheduledEvent event() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("version", "0")
                .put("id", UUID.randomUUID().toString()).put("detail-type", "Scheduled Event")
                .put("source", "aws.events").put("account", LocalSqs.ACCOUNT)
                .put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", LocalSqs.REGION);
        json.putArray("resources").add(ruleArn);
        json.putObject("detail");
        return SERIALIZER.fromJson(Json.write(json));
    }

    /** Stops the schedule; an invocation under way finishes first. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
