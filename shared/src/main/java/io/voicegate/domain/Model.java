package io.voicegate.domain;

/**
 * A model the gateway serves: its id, what it does, the pre-charge held at submission and the price per upstream
 * unit used when the final charge is reconciled.
 */
public record Model(String id, String briefDescription, String detailedDescription, Money hold, Money pricePerUnit) {
}
