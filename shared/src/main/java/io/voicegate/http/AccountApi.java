package io.voicegate.http;

import io.voicegate.app.ManageAccount;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.domain.kling.KlingException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The account's own settings and voices: {@code /account/webhook-secret[/rotate]}, {@code /voices[/{id}]}. */
final class AccountApi {

    private final ManageAccount manage;

    AccountApi(ManageAccount manage) {
        this.manage = manage;
    }

    ApiResponse webhookSecret(String accountId) {
        return manage.webhookSecrets(accountId).map(s -> ApiResponse.json(200, secrets(s)))
                .orElseGet(() -> Problems.notFound("Your account"));
    }

    ApiResponse rotateWebhookSecret(String accountId) {
        return ApiResponse.json(200, secrets(manage.rotateWebhookSecret(accountId)));
    }

    ApiResponse voices(String accountId) {
        return ApiResponse.json(200, Map.of("voices", manage.voices(accountId).stream().map(AccountApi::voice)
                .toList()));
    }

    ApiResponse deleteVoice(String accountId, String voiceId) {
        try {
            return manage.deleteVoice(accountId, voiceId) ? new ApiResponse(204, Map.of(), "")
                    : Problems.notFound("Voice " + voiceId);
        } catch (KlingException e) {
            return Problems.of(503, "upstream-unavailable", "Try again later",
                    "Kling could not delete the voice right now; nothing was changed.").withHeader("retry-after", "30");
        }
    }

    private static Map<String, Object> secrets(WebhookSecrets secrets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("secret", secrets.current());
        view.put("previous_secret_expires_at", secrets.previousUntil().map(i -> i.getEpochSecond()).orElse(null));
        return view;
    }

    private static Map<String, Object> voice(OwnedVoice owned) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("voice_id", owned.voice().voiceId());
        view.put("voice_name", owned.voice().voiceName());
        view.put("trial_url", owned.voice().trialUrl());
        view.put("request_id", owned.requestId());
        view.put("created_at", owned.createdAt().getEpochSecond());
        return view;
    }
}
