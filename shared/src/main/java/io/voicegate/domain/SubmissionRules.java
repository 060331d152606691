package io.voicegate.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every validation rule of a submission, applied to the decoded JSON body (plain maps, lists, strings, numbers).
 * All problems are collected and reported together, each naming its field. Text arrives well-formed (the decoder
 * refuses unpaired surrogates) and is kept exactly as given: what is validated is what is stored and sent to Kling.
 * {@code voice_name} follows {@link TextRules#nameProblem}.
 */
public final class SubmissionRules {

    public static final int MAX_VOICE_NAME = 20;
    public static final int MAX_URL = 2048;
    public static final int MAX_VIDEO_ID = 128;
    public static final Set<String> AUDIO_VIDEO_EXTENSIONS = Set.of(".mp3", ".wav", ".mp4", ".mov");

    private static final Set<String> TOP_LEVEL = Set.of("model", "payload", "webhook");
    private static final Set<String> PAYLOAD = Set.of("voice_name", "voice_url", "video_id");
    private static final Set<String> WEBHOOK = Set.of("url");
    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_VIDEO_ID + "}");

    private final ModelCatalog catalog;
    private final boolean allowInsecureWebhooks;

    /**
     * @param allowInsecureWebhooks the local stack's switch: webhook URLs may use {@code http} and loopback hosts
     */
    public SubmissionRules(ModelCatalog catalog, boolean allowInsecureWebhooks) {
        this.catalog = catalog;
        this.allowInsecureWebhooks = allowInsecureWebhooks;
    }

    /** Validates a decoded body; throws {@link ValidationException} listing every problem. */
    public Submission validate(Object body) {
        List<FieldError> errors = new ArrayList<>();
        if (!(body instanceof Map<?, ?> root)) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        unknownFields(root, TOP_LEVEL, "", errors);
        Optional<Model> model = model(root.get("model"), errors);
        VoicePayload payload = payload(root.get("payload"), errors);
        Optional<String> webhook = webhook(root.get("webhook"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Submission(model.orElseThrow(), payload, webhook);
    }

    private Optional<Model> model(Object value, List<FieldError> errors) {
        String supported = String.join(", ", catalog.ids());
        if (value == null) {
            errors.add(new FieldError("model", "is required; supported models: " + supported));
            return Optional.empty();
        }
        if (!(value instanceof String id)) {
            errors.add(new FieldError("model", "must be a string; supported models: " + supported));
            return Optional.empty();
        }
        Optional<Model> model = catalog.find(id);
        if (model.isEmpty()) {
            errors.add(new FieldError("model", "unknown model '" + clip(id) + "'; supported models: " + supported));
        }
        return model;
    }

    private VoicePayload payload(Object value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError("payload", "is required"));
            return null;
        }
        if (!(value instanceof Map<?, ?> payload)) {
            errors.add(new FieldError("payload", "must be an object"));
            return null;
        }
        int before = errors.size();
        unknownFields(payload, PAYLOAD, "payload.", errors);
        String name = voiceName(payload.get("voice_name"), errors);
        Optional<String> url = optionalString(payload.get("voice_url"), "payload.voice_url", errors);
        Optional<String> videoId = optionalString(payload.get("video_id"), "payload.video_id", errors);
        if (url.isPresent() && videoId.isPresent()) {
            errors.add(new FieldError("payload",
                    "give exactly one of payload.voice_url and payload.video_id, not both"));
        } else if (url.isEmpty() && videoId.isEmpty() && errors.stream().noneMatch(e -> isSource(e.field()))) {
            errors.add(new FieldError("payload", "one of payload.voice_url or payload.video_id is required"));
        }
        url.ifPresent(u -> voiceUrl(u, errors));
        videoId.ifPresent(id -> {
            if (!VIDEO_ID.matcher(id).matches()) {
                errors.add(new FieldError("payload.video_id",
                        "must be 1-" + MAX_VIDEO_ID + " characters of A-Z, a-z, 0-9, '_' or '-'"));
            }
        });
        if (errors.size() != before || url.isPresent() == videoId.isPresent()) {
            return null;
        }
        return new VoicePayload(name, url, videoId);
    }

    private static boolean isSource(String field) {
        return field.equals("payload.voice_url") || field.equals("payload.video_id");
    }

    private static String voiceName(Object value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError("payload.voice_name", "is required"));
            return null;
        }
        if (!(value instanceof String name)) {
            errors.add(new FieldError("payload.voice_name", "must be a string"));
            return null;
        }
        int length = name.codePointCount(0, name.length());
        Optional<String> problem = TextRules.nameProblem(name);
        if (problem.isPresent()) {
            errors.add(new FieldError("payload.voice_name", problem.get()));
        } else if (length > MAX_VOICE_NAME) {
            errors.add(new FieldError("payload.voice_name",
                    "must be at most " + MAX_VOICE_NAME + " characters (got " + length + ")"));
        }
        return name;
    }

    private void voiceUrl(String url, List<FieldError> errors) {
        String field = "payload.voice_url";
        if (url.length() > MAX_URL) {
            errors.add(new FieldError(field, "must be at most " + MAX_URL + " characters"));
            return;
        }
        Optional<URI> uri = absoluteUri(url, field, Set.of("https", "http"), errors);
        if (uri.isEmpty()) {
            return;
        }
        PublicAddresses.refuseHost(uri.get().getHost()).ifPresent(why -> errors.add(new FieldError(field,
                "host " + why)));
        String path = Optional.ofNullable(uri.get().getPath()).orElse("").toLowerCase(Locale.ROOT);
        if (AUDIO_VIDEO_EXTENSIONS.stream().noneMatch(path::endsWith)) {
            errors.add(new FieldError(field, "path must end in .mp3, .wav, .mp4 or .mov"));
        }
    }

    private Optional<String> webhook(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> webhook)) {
            errors.add(new FieldError("webhook", "must be an object with a url"));
            return Optional.empty();
        }
        unknownFields(webhook, WEBHOOK, "webhook.", errors);
        Object url = webhook.get("url");
        if (url == null) {
            errors.add(new FieldError("webhook.url", "is required when webhook is given"));
            return Optional.empty();
        }
        if (!(url instanceof String text) || text.isBlank()) {
            errors.add(new FieldError("webhook.url", "must be a non-blank string"));
            return Optional.empty();
        }
        if (text.length() > MAX_URL) {
            errors.add(new FieldError("webhook.url", "must be at most " + MAX_URL + " characters"));
            return Optional.empty();
        }
        Optional<String> problem;
        try {
            problem = WebhookUrls.problem(new URI(text), allowInsecureWebhooks);
        } catch (URISyntaxException | IllegalArgumentException e) {
            problem = Optional.of("must be a valid absolute " + (allowInsecureWebhooks ? "https or http" : "https")
                    + " URL");
        }
        if (problem.isPresent()) {
            errors.add(new FieldError("webhook.url", problem.get()));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static Optional<URI> absoluteUri(String text, String field, Set<String> schemes, List<FieldError> errors) {
        String allowed = String.join(" or ", new TreeSet<>(schemes).descendingSet());
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add(new FieldError(field, "must be a valid absolute " + allowed + " URL"));
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !schemes.contains(scheme) || uri.getHost() == null && uri.getRawAuthority() == null) {
            errors.add(new FieldError(field, "must be an absolute " + allowed + " URL with a host"));
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            errors.add(new FieldError(field, WebhookUrls.HOST_PROBLEM));
            return Optional.empty();
        }
        if (uri.getUserInfo() != null) {
            errors.add(new FieldError(field, "must not contain user credentials"));
            return Optional.empty();
        }
        if (!WebhookUrls.portInRange(uri)) {
            errors.add(new FieldError(field, WebhookUrls.PORT_PROBLEM));
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static Optional<String> optionalString(Object value, String field, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private static void unknownFields(Map<?, ?> object, Set<String> known, String prefix, List<FieldError> errors) {
        for (Object key : object.keySet()) {
            if (!known.contains(key)) {
                String name = String.valueOf(key);
                errors.add(new FieldError(prefix + (name.isBlank() ? "\"" + name + "\"" : clip(name)),
                        "unknown field; allowed: " + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
