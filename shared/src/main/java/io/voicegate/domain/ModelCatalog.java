package io.voicegate.domain;

import java.util.List;
import java.util.Optional;

/** The models this gateway serves. Today one: Kling's custom-voice cloning. */
public final class ModelCatalog {

    public static final String KLING_CUSTOM_VOICE = "kling-custom-voice";

    private final List<Model> models;

    public ModelCatalog(List<Model> models) {
        this.models = List.copyOf(models);
    }

    /** The catalog with the given prices for {@code kling-custom-voice}. */
    public static ModelCatalog standard(Money hold, Money pricePerUnit) {
        return new ModelCatalog(List.of(new Model(KLING_CUSTOM_VOICE,
                "Clone a custom voice from a 5-30 s sample (audio/video URL or a Kling video id).",
                "Creates a reusable Kling voice from one clean human voice. Give either voice_url (an .mp3, .wav, "
                        + ".mp4 or .mov file on a public host) or video_id (a Kling video made with sound). The result "
                        + "lists the voices created, each with a voice_id and a trial_url to listen to.",
                hold, pricePerUnit)));
    }

    public List<Model> all() {
        return models;
    }

    public List<String> ids() {
        return models.stream().map(Model::id).toList();
    }

    public Optional<Model> find(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
