package io.voicegate.http;

import io.voicegate.adapter.kling.JsonKlingTaskDecoder;
import io.voicegate.app.ReceiveKlingCallback;
import io.voicegate.app.ReceiveKlingCallback.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * {@code POST /callbacks/kling/{request_id}/{token}}: answers Kling fast. A wrong token is a 404 (nothing about the
 * request leaks); an applied, duplicate or late callback is a 200; only when Kling cannot be re-asked is it a 503,
 * and the sweeper will catch up regardless.
 */
public class KlingCallbackApi {

    private static final Logger LOG = LoggerFactory.getLogger(KlingCallbackApi.class);

    private final ReceiveKlingCallback receive;

    public KlingCallbackApi(ReceiveKlingCallback receive) {
        this.receive = receive;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            Callback callback = new Callback(request.pathParameter("request_id"), request.pathParameter("token"),
                    request.header("webhook-id"), request.header("webhook-timestamp"),
                    request.header("webhook-signature"), request.body(), JsonKlingTaskDecoder::decode);
            return switch (receive.receive(callback)) {
                case APPLIED, UNCHANGED -> ApiResponse.json(200, Map.of("received", true));
                case NOT_FOUND -> Problems.notFound("The callback target");
                case BAD_SIGNATURE -> Problems.of(401, "bad-signature", "Bad signature",
                        "The webhook signature or timestamp is not valid.");
                case KLING_UNAVAILABLE -> Problems.of(503, "upstream-unavailable", "Try again later",
                        "The task could not be confirmed with Kling.").withHeader("retry-after", "30");
            };
        } catch (RuntimeException e) {
            LOG.error("callback for request {} failed", request.pathParameter("request_id"), e);
            return Problems.of(500, "internal-error", "Internal error", "The callback could not be processed.");
        }
    }
}
