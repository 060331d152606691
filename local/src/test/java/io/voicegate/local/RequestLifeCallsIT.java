package io.voicegate.local;

import io.voicegate.local.bench.RequestLifeCalls;
import org.junit.jupiter.api.Test;

class RequestLifeCallsIT {

    @Test
    void callsOfOneRequestLife() {
        RequestLifeCalls.Report report = RequestLifeCalls.measure(LocalStackExtension.root().resolve("template.yaml"));
        report.print(System.out);
        report.success().calls().forEach(System.out::println);
    }
}
