package io.voicegate.local.contract;

import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.local.kling.LostResponse;
import io.voicegate.port.KlingClient;
import io.voicegate.port.KlingClientContract;
import org.junit.jupiter.api.AfterEach;

import java.time.Clock;
import java.time.Duration;

/** The {@link KlingClient} contract on {@code HttpKlingClient} over HTTP to the Kling simulator. */
class HttpKlingClientIT extends KlingClientContract {

    private static final String AK = "contract-ak";
    private static final String SK = "contract-secret-key";

    private final KlingSimulator simulator = KlingSimulator.builder().accessKey(AK, SK).manualLifecycle().start();
    private final HttpKlingClient client = new HttpKlingClient(simulator.baseUrl(),
            KlingCredentials.accessKey(AK, SK, Clock.systemUTC()), Duration.ofSeconds(2), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Override
    protected KlingClient kling() {
        return client;
    }

    @Override
    protected void finish(String externalId) {
        simulator.advance(externalId);
        simulator.advance(externalId);
    }

    @Override
    protected void failTask(String externalId, String message) {
        simulator.faults().failTask(externalId, message);
    }

    @Override
    protected void rateLimit(String externalId, int times) {
        simulator.faults().rateLimit(externalId, times);
    }

    @Override
    protected void loseNextCreateAnswer(String externalId) {
        simulator.faults().loseCreateResponse(externalId, LostResponse.SERVER_TIMEOUT);
    }
}
