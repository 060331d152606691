package io.voicegate.port;

import io.voicegate.domain.reconciliation.OurCharge;

import java.time.Instant;
import java.util.List;

/** Our side of the reconciliation: the requests of an account that reached Kling, by creation time. */
public interface ChargeRecords {

    /** The account's requests created in {@code [from, to)} that have a Kling task. */
    List<OurCharge> createdBetween(String accountId, Instant from, Instant to);
}
