package io.voicegate.local.engine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The child JVM of {@link LocalSqsDurabilityIT}: ElasticMQ kept in the directory given, until the JVM is killed. */
public final class DurableSqsMain {

    private DurableSqsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalSqs sqs = LocalSqs.start(0, Optional.of(Path.of(args[0])));
        System.out.println("sqs: " + sqs.endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
