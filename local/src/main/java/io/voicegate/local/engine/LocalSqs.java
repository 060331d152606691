package io.voicegate.local.engine;

import io.voicegate.ddbengine.EngineOptions;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.util.Either;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ElasticMQ (an SQS-compatible server) in this JVM on 127.0.0.1; in memory, or durable in a directory.
 *
 * <p>Durable, it runs as ElasticMQ's own server does with {@code messages-storage} enabled: its SQL queue-persistence
 * actor is the queue manager's event listener, so every queue created and every message added, received (its
 * visibility, receive count and receipts), made visible again or deleted is written to an H2 database before the SQS
 * call that caused it is answered; at start the queues and their messages, in flight ones included, are restored from
 * it before the server accepts calls. The database is opened with {@code WRITE_DELAY=0}, so each commit is written to
 * the file at once (H2's default waits up to 500 ms), and a process killed with SIGKILL loses no acknowledged message.
 */
public final class LocalSqs implements AutoCloseable {

    /** The local stack's one region: the DynamoDB engine's, named in every ARN and event. */
    public static final String REGION = EngineOptions.defaults().region();
    /** The local stack's one AWS account id, named in every ARN and event. */
    public static final String ACCOUNT = "000000000000";

    /**
     * ElasticMQ's SQL store opens its connection pool once per JVM (scalikejdbc's singleton pool, kept open until the
     * JVM exits), so one JVM can keep queues in one directory only.
     */
    private static Path storeInUse;

    private final SQSRestServer server;
    private final Optional<ActorSystem> ownSystem;
    private final int port;

    private LocalSqs(SQSRestServer server, Optional<ActorSystem> ownSystem, int port) {
        this.server = server;
        this.ownSystem = ownSystem;
        this.port = port;
    }

    /** In memory, on a free port. */
    public static LocalSqs start() {
        return start(0, Optional.empty());
    }

    /**
     * @param port    the port on 127.0.0.1, 0 for a free one
     * @param dataDir where queues and messages are kept; empty keeps them in memory only
     * @throws IllegalStateException when this JVM keeps its queues in another directory already, or the stored ones
     *                               cannot be restored
     */
    public static LocalSqs start(int port, Optional<Path> dataDir) {
        int bound = port == 0 ? FreePorts.pick() : port;
        if (dataDir.isEmpty()) {
            SQSRestServer server = builder(bound).start();
            server.waitUntilStarted();
            return new LocalSqs(server, Optional.empty(), bound);
        }
        String url = jdbcUrl(dataDir.get());
        ActorSystem system = ActorSystem.create("elasticmq");
        try {
            SqlQueuePersistenceConfig storage = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "",
                    false);
            scala.collection.immutable.List<CreateQueueMetadata> noConfiguredQueues =
                    scala.jdk.javaapi.CollectionConverters.asScala(List.<CreateQueueMetadata>of()).toList();
            ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
                    () -> new SqlQueuePersistenceActor(storage, noConfiguredQueues)), "queue-store");
            ActorRef queues = system.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))),
                    "queue-manager");
            restore(store, queues);
            SQSRestServer server = builder(bound).withActorSystem(system).withQueueManagerActor(queues)
                    .withQueueEventListener(store).start();
            server.waitUntilStarted();
            return new LocalSqs(server, Optional.of(system), bound);
        } catch (Exception e) { // a failed bind comes as the checked BindException, rethrown by Scala
            terminate(system);
            throw e;
        }
    }

    /** The builder of the REST server, bound to loopback only, naming this port in queue URLs. */
    private static TheSQSRestServerBuilder builder(int port) {
        return SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(REGION).withAWSAccountId(ACCOUNT);
    }

    private static synchronized String jdbcUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (storeInUse != null && !storeInUse.equals(dir)) {
            throw new IllegalStateException("this JVM already keeps its SQS queues in " + storeInUse
                    + "; ElasticMQ's SQL store is one per JVM");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        storeInUse = dir;
        // WRITE_DELAY=0: every commit reaches the file before the SQS call is answered.
        // WRITE_DELAY=0: a message is in the file when ElasticMQ acknowledges it (H2's default 500 ms loses it on a kill);
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the store under ElasticMQ while the stack is
        // still finishing its work on Ctrl-C; the stack closes ElasticMQ, and so the store, in its own order
        return "jdbc:h2:file:" + dir.resolve("elasticmq") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Recreates the stored queues with their messages; the server must not answer before this is done. */
    private static void restore(ActorRef store, ActorRef queues) {
        Object result;
        try {
            result = Patterns.ask(store, new QueueEvent.Restore(queues), Duration.ofMinutes(1)).toCompletableFuture()
                    .get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the SQS queues", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the SQS queues could not be restored", e);
        }
        if (result instanceof Either<?, ?> either && either.isLeft()) {
            throw new IllegalStateException("the SQS queues could not be restored: " + either);
        }
    }

    /** Where SQS clients reach it. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
        ownSystem.ifPresent(LocalSqs::terminate);
    }

    private static void terminate(ActorSystem system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the queues are stored already; nothing is lost by not waiting longer
        }
    }
}
