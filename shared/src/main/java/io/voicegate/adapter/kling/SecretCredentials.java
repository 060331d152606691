package io.voicegate.adapter.kling;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Kling credentials from secrets that may change while the function lives (fetched after a SnapStart restore, or
 * rotated): each call reads them, and the API-key or JWT credentials are made again only when they changed, so a
 * minted JWT stays cached between calls.
 */
final class SecretCredentials implements KlingCredentials {

    private final Supplier<Optional<String>> apiKey;
    private final Supplier<Optional<String>> accessKey;
    private final Supplier<Optional<String>> secretKey;
    private final Clock clock;

    private List<Optional<String>> seen;
    private KlingCredentials current;

    SecretCredentials(Supplier<Optional<String>> apiKey, Supplier<Optional<String>> accessKey,
                      Supplier<Optional<String>> secretKey, Clock clock) {
        this.apiKey = apiKey;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.clock = clock;
    }

    /** @throws IllegalStateException when neither an API key nor an access key and a secret key are configured */
    synchronized KlingCredentials current() {
        List<Optional<String>> values = List.of(apiKey.get(), accessKey.get(), secretKey.get());
        if (!values.equals(seen)) {
            current = made(values);
            seen = values;
        }
        return current;
    }

    private KlingCredentials made(List<Optional<String>> values) {
        if (values.get(0).isPresent()) {
            return KlingCredentials.apiKey(values.get(0).get());
        }
        if (values.get(1).isEmpty() || values.get(2).isEmpty()) {
            throw new IllegalStateException("no Kling credentials: configure an API key, or an access key and a "
                    + "secret key");
        }
        return KlingCredentials.accessKey(values.get(1).get(), values.get(2).get(), clock);
    }

    @Override
    public String bearerToken() {
        return current().bearerToken();
    }

    @Override
    public boolean renew() {
        return current().renew();
    }

    @Override
    public String toString() {
        return "KlingCredentials[from secrets]";
    }
}
