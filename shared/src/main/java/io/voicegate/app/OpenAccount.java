package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.port.AccountStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/** Opens an account with an opening balance and an API key (operators and the local stack use it). */
public class OpenAccount {

    private final AccountStore accounts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public OpenAccount(AccountStore accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** @param principals AWS principals allowed to submit for this account through the SQS intake queue */
    public void open(String accountId, String apiKey, Money openingBalance, List<String> principals) {
        accounts.create(accountId, openingBalance, ApiKeys.hash(apiKey), WebhookSecrets.generate(random),
                clock.instant());
        principals.forEach(principal -> accounts.allowPrincipal(accountId, principal));
    }
}
