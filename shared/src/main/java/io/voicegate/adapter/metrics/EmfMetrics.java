package io.voicegate.adapter.metrics;

import io.voicegate.domain.Money;
import io.voicegate.port.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Metrics} in CloudWatch's embedded metric format (EMF), written with Powertools for AWS Lambda's metrics
 * module (its functional API, no aspects). Events are buffered; a flush writes one EMF JSON document per dimension
 * value to standard output, which Lambda sends to the function's log group, where CloudWatch Logs extracts the
 * metrics (CloudWatch User Guide, "Using the embedded metric format with Lambda" and "Specification: Embedded metric
 * format"). Every metric is in namespace {@value #NAMESPACE} and published without dimensions (what the template's
 * alarms watch); a metric with a dimension (e.g. {@code RequestsFailed} by {@code ErrorCode}) is published both ways
 * from one document ({@code "Dimensions": [[], ["ErrorCode"]]}). Money is in µUSD with unit {@code None} (CloudWatch
 * has no currency unit); counts are {@code Count}. One instance per function: it is safe across threads, and one
 * flush publishes everything recorded before it.
 */
public final class EmfMetrics implements Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);

    /** The CloudWatch namespace of every metric, and of the template's alarms on them. */
    public static final String NAMESPACE = "voicegate";

    public static final String REQUESTS_SUBMITTED = "RequestsSubmitted";
    public static final String REQUESTS_FAILED = "RequestsFailed";
    public static final String CHARGED_MICROS = "ChargedMicros";
    public static final String REFUNDED_MICROS = "RefundedMicros";
    public static final String DISPATCH_RETRIES = "DispatchRetries";
    public static final String WEBHOOK_ATTEMPTS = "WebhookAttempts";
    public static final String DELIVERIES_PARKED = "DeliveriesParked";
    public static final String SETTLEMENTS_WITHOUT_UNITS = "SettlementsWithoutUnits";
    public static final String NEGATIVE_BALANCES = "NegativeBalances";
    public static final String UNSETTLED_REQUESTS = "UnsettledRequests";
    public static final String RECONCILIATION_MISMATCHES = "ReconciliationMismatches";

    private final MetricsProvider provider;
    private final List<Point> recorded = new ArrayList<>();

    /** As in Lambda: EMF's Lambda environment (standard output) is found from Lambda's own variables. */
    public EmfMetrics() {
        this(new EmfMetricsProvider());
    }

    EmfMetrics(MetricsProvider provider) {
        this.provider = provider;
    }

    /**
     * Outside Lambda (the local stack): EMF's {@code Local} environment, documents on standard output as in Lambda,
     * without the EC2/ECS metadata probes and agent socket EMF would otherwise try. The override is EMF's, so it holds
     * for the whole process.
     */
    public static EmfMetrics onStandardOutput() {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        return new EmfMetrics();
    }

    @Override
    public void requestSubmitted() {
        count(REQUESTS_SUBMITTED, Optional.empty());
    }

    @Override
    public void requestFailed(String errorCode) {
        count(REQUESTS_FAILED, Optional.of(new Dimension("ErrorCode", errorCode)));
    }

    @Override
    public void settled(Money charged, Money refunded) {
        record(new Point(CHARGED_MICROS, MetricUnit.NONE, charged.micros(), Optional.empty()));
        record(new Point(REFUNDED_MICROS, MetricUnit.NONE, refunded.micros(), Optional.empty()));
    }

    @Override
    public void dispatchRetried(RetryReason reason) {
        count(DISPATCH_RETRIES, Optional.of(new Dimension("Reason", wireName(reason))));
    }

    @Override
    public void webhookAttempted(boolean delivered) {
        count(WEBHOOK_ATTEMPTS, Optional.of(new Dimension("Outcome", delivered ? "delivered" : "failed")));
    }

    @Override
    public void deliveryParked(ParkReason reason) {
        count(DELIVERIES_PARKED, Optional.of(new Dimension("Reason", wireName(reason))));
    }

    @Override
    public void settledWithoutUnits() {
        count(SETTLEMENTS_WITHOUT_UNITS, Optional.empty());
    }

    @Override
    public void balanceWentNegative() {
        count(NEGATIVE_BALANCES, Optional.empty());
    }

    @Override
    public void unsettledRequestFound() {
        count(UNSETTLED_REQUESTS, Optional.empty());
    }

    @Override
    public void reconciliationMismatch(String kind) {
        count(RECONCILIATION_MISMATCHES, Optional.of(new Dimension("Kind", kind)));
    }

    /**
     * SnapStart priming: finds EMF's environment (which EMF keeps for the process) and builds and serializes one
     * document with EMF, the library Powertools writes through, publishing nothing; so a restored function's first
     * flush finds that code loaded.
     *
     * @throws IllegalStateException EMF refused the document or could not serialize it
     */
    public void prime() {
        try {
            new EnvironmentProvider().resolveEnvironment().join();
            MetricsContext document = new MetricsContext();
            document.setNamespace(NAMESPACE);
            document.putMetric(REQUESTS_SUBMITTED, 1, Unit.COUNT);
            document.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("metrics priming: " + e, e);
        }
    }

    @Override
    public void flush() {
        List<Point> points;
        synchronized (recorded) {
            points = List.copyOf(recorded);
            recorded.clear();
        }
        Map<Optional<Dimension>, List<Point>> documents = new LinkedHashMap<>();
        points.forEach(p -> documents.computeIfAbsent(p.dimension(), d -> new ArrayList<>()).add(p));
        documents.forEach((dimension, metrics) -> {
            try {
                publish(dimension, metrics);
            } catch (RuntimeException e) { // the invocation's work is done; losing a metric must not undo it
                LOG.warn("{} metric value(s) not published: {}", metrics.size(), e.toString());
            }
        });
    }

    private void publish(Optional<Dimension> dimension, List<Point> points) {
        software.amazon.lambda.powertools.metrics.Metrics document = provider.getMetricsInstance();
        document.setNamespace(NAMESPACE);
        // No default dimensions: not Powertools' Service, nor EMF's LogGroup/ServiceName/ServiceType in Lambda.
        document.setDefaultDimensions(DimensionSet.of(Map.of()));
        dimension.ifPresent(d -> document.addDimension(DimensionSet.of(d.name(), d.value())));
        points.forEach(p -> document.addMetric(p.name(), p.value(), p.unit()));
        document.flush();
    }

    private void count(String name, Optional<Dimension> dimension) {
        record(new Point(name, MetricUnit.COUNT, 1, dimension));
    }

    private void record(Point point) {
        synchronized (recorded) {
            recorded.add(point);
        }
    }

    private static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private record Dimension(String name, String value) {
    }

    private record Point(String name, MetricUnit unit, double value, Optional<Dimension> dimension) {
    }
}
