package io.voicegate.ddbengine;

import io.voicegate.ddbengine.fault.Faults;
import io.voicegate.ddbengine.http.EngineServer;
import io.voicegate.ddbengine.ops.Operations;
import io.voicegate.ddbengine.store.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A DynamoDB-protocol engine for development and tests: DynamoDB's and DynamoDB Streams' JSON 1.0 protocol
 * ({@code X-Amz-Target: DynamoDB_20120810.*}, {@code DynamoDBStreams_20120810.*}) over HTTP on 127.0.0.1, so the
 * AWS SDKs and the AWS CLI talk to it as to AWS. Not a production database: AWS DynamoDB is.
 *
 * <pre>{@code
 * try (DynamoEngine engine = DynamoEngine.start(EngineOptions.defaults())) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.endpoint())...build();
 * }
 * }</pre>
 */
public final class DynamoEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DynamoEngine.class.getName());

    private final Database database;
    private final Faults faults;
    private final EngineServer server;
    private final ScheduledExecutorService ttl;

    private DynamoEngine(Database database, Faults faults, EngineServer server, ScheduledExecutorService ttl) {
        this.database = database;
        this.faults = faults;
        this.server = server;
        this.ttl = ttl;
    }

    /**
     * Starts an engine: its tables are empty, or as they were in {@code options.dataDir()}.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static DynamoEngine start(EngineOptions options) {
        Database database = new Database(options.dataDir(), options.region(), options.clock());
        Faults faults = new Faults();
        EngineServer server;
        try {
            server = new EngineServer(options.port(), new Operations(database, faults));
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + options.port(), e);
        }
        ScheduledExecutorService ttl = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ddb-engine-ttl");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, options.ttlInterval().toMillis());
        ttl.scheduleWithFixedDelay(() -> {
            try {
                database.expire();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "TTL pass failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return new DynamoEngine(database, faults, server, ttl);
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint for DynamoDB and DynamoDB Streams clients alike. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Calls served and capacity units consumed since the engine started. */
    public EngineStatistics statistics() {
        return database.statistics();
    }

    /** The engine's fault injection, empty until rules are added. */
    public Faults faults() {
        return faults;
    }

    /**
     * Runs a TTL pass now: deletes every item whose TTL attribute is in the past.
     *
     * @return how many items were deleted
     */
    public int expireNow() {
        return database.expire();
    }

    /** Stops serving, then closes the data directory (a clean close; a killed process recovers to its last write). */
    @Override
    public void close() {
        ttl.shutdownNow();
        server.close();
        database.close();
    }
}
