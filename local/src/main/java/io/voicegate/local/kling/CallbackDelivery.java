package io.voicegate.local.kling;

import java.util.OptionalInt;

/** One callback POST the simulator made: the task status it reported, and the receiver's HTTP status if any. */
public record CallbackDelivery(String taskId, String taskStatus, String url, String body, OptionalInt httpStatus) {
}
