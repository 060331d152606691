package io.voicegate.port;

import io.voicegate.app.MutableClock;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;

import java.util.UUID;

/**
 * One storage's implementations of the storage ports, sharing their data as the DynamoDB adapters share their two
 * tables (a hold written by {@link RequestStore#insert} is in {@link LedgerStore#statement}), on one clock the test
 * moves. What each port's contract runs against: the in-memory fakes, or the adapters on the local engines.
 */
public record Storage(RequestStore requests, AccountStore accounts, IdempotencyStore idempotency,
                      ApiKeyStore apiKeys, AccountDirectory directory, LedgerStore ledger, DeliveryLog deliveryLog,
                      ChargeRecords charges, ReconciliationReports reports, MutableClock clock) {

    /** The webhook secret accounts are opened with. */
    public static final String SECRET = "whsec_dGVzdA==";

    /** Opens an account of a fresh id with this balance (µUSD) and a fresh API key; returns its id. */
    public String openAccount(long balanceMicros) {
        String accountId = "acct-" + UUID.randomUUID();
        String key = ApiKeys.PREFIX + UUID.randomUUID().toString().replace("-", "");
        accounts.create(accountId, Money.ofMicros(balanceMicros), ApiKeys.hash(key), ApiKeys.last4(key), SECRET,
                clock.instant());
        return accountId;
    }

    /** The account's balance in µUSD. */
    public long balance(String accountId) {
        return accounts.snapshot(accountId, 1).orElseThrow().balance().micros();
    }
}
