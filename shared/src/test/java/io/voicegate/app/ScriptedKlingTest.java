package io.voicegate.app;

import io.voicegate.port.KlingClient;
import io.voicegate.port.KlingClientContract;

import java.time.Instant;

/** The {@link KlingClient} contract on the scripted Kling the use-case tests stand on. */
class ScriptedKlingTest extends KlingClientContract {

    private final ScriptedKling kling = new ScriptedKling(new MutableClock(Instant.parse("2026-11-24T10:00:00Z")));

    @Override
    protected KlingClient kling() {
        return kling;
    }

    @Override
    protected void finish(String externalId) {
        kling.finish(externalId);
    }

    @Override
    protected void failTask(String externalId, String message) {
        kling.failTask(externalId, message);
    }

    @Override
    protected void rateLimit(String externalId, int times) {
        kling.rateLimit(externalId, times);
    }

    @Override
    protected void loseNextCreateAnswer(String externalId) {
        kling.timeOut(externalId, true);
    }
}
