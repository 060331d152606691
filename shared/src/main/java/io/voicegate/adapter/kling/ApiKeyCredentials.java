package io.voicegate.adapter.kling;

/** A console API key, sent as the bearer token unchanged; it cannot be renewed. */
final class ApiKeyCredentials implements KlingCredentials {

    private final String apiKey;

    ApiKeyCredentials(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("Kling API key is empty");
        }
        this.apiKey = apiKey;
    }

    @Override
    public String bearerToken() {
        return apiKey;
    }

    @Override
    public boolean renew() {
        return false;
    }

    @Override
    public String toString() {
        return "KlingCredentials[api key]";
    }
}
