package io.voicegate.app;

import io.voicegate.app.OpenAccount.NewAccount;
import io.voicegate.domain.Adjustment;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.FieldError;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.Money;
import io.voicegate.domain.Source;
import io.voicegate.domain.ValidationException;
import io.voicegate.json.JsonBodyDecoder;
import io.voicegate.port.AccountStore;
import io.voicegate.port.LedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening an account on the fakes: what is checked (each problem naming its field, all at once), what an opened
 * account starts with (its opening balance and no ledger entry, one key, a webhook secret, its principals and record
 * queue), and that an id already taken changes nothing.
 */
class OpenAccountTest {

    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/voicegate-records-initech";
    private static final String PRINCIPAL = "AROAINITECHPRODUCER";

    private final Gateway gateway = new Gateway();
    private final OpenAccount open = new OpenAccount(gateway.accounts, gateway.clock);

    private static NewAccount account(String id, long micros, List<String> principals, Optional<String> queue) {
        return new NewAccount(id, Money.ofMicros(micros), principals, queue);
    }

    private static NewAccount valid() {
        return account("initech", 250_000, List.of(PRINCIPAL), Optional.of(QUEUE));
    }

    private static List<String> fields(NewAccount account) {
        return OpenAccount.problems(account).stream().map(FieldError::field).toList();
    }

    @Test
    void anOpenedAccountHasItsOpeningBalanceNoLedgerEntryAKeyASecretItsPrincipalsAndItsQueue() {
        OpenAccount.Opened opened = open.open(valid());

        assertThat(opened.accountId()).isEqualTo("initech");
        assertThat(opened.apiKey()).startsWith(ApiKeys.PREFIX);
        assertThat(opened.key().keyId()).isEqualTo(ApiKeys.keyId(ApiKeys.hash(opened.apiKey())));
        assertThat(opened.key().last4()).isEqualTo(ApiKeys.last4(opened.apiKey()));
        assertThat(opened.key().createdAt()).isEqualTo(gateway.clock.instant());
        assertThat(gateway.store.balance("initech")).isEqualTo(250_000);
        AccountStore.AccountSnapshot snapshot = gateway.accounts.snapshot("initech", 10).orElseThrow();
        assertThat(snapshot.balance()).isEqualTo(Money.ofMicros(250_000));
        assertThat(snapshot.recentEntries()).as("the opening balance is the baseline, not an entry").isEmpty();
        assertThat(new InMemoryLedger(gateway.store).statement("initech",
                new LedgerStore.StatementQuery(Optional.empty(), Optional.empty(), 10, Optional.empty())).entries())
                .isEmpty();
        assertThat(new Authenticate(gateway.accounts, gateway.clock).accountFor(opened.apiKey())).contains("initech");
        assertThat(gateway.accounts.webhookSecrets("initech").orElseThrow().current()).startsWith("whsec_");
        assertThat(gateway.accounts.accountForPrincipal(PRINCIPAL)).contains("initech");
        assertThat(gateway.accounts.deliveryQueue("initech")).contains(QUEUE);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).as("another account is untouched")
                .isEqualTo(Gateway.OPENING);
    }

    @Test
    void theFirstSubmitOfAnOpenedAccountIsChargedFromItsOpeningBalance() {
        open.open(valid());

        String id = gateway.submitRequest().submit(new SubmitCommand("initech", Source.HTTP,
                JsonBodyDecoder.read(Gateway.body("ada")), Optional.empty())).request().requestId();

        assertThat(gateway.store.balance("initech")).isEqualTo(250_000 - 70_000);
        assertThat(gateway.accounts.snapshot("initech", 10).orElseThrow().recentEntries()).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.entryId()).isEqualTo(id + "#hold");
                    assertThat(entry.amount()).isEqualTo(Money.ofMicros(-70_000));
                });
    }

    @Test
    void anAccountOpenedWithNothingCanSubmitNothing() {
        open.open(account("initech", 0, List.of(), Optional.empty()));

        assertThatThrownBy(() -> gateway.submitRequest().submit(new SubmitCommand("initech", Source.HTTP,
                JsonBodyDecoder.read(Gateway.body("ada")), Optional.empty())))
                .isInstanceOf(InsufficientBalanceException.class);
        assertThat(gateway.store.balance("initech")).isZero();
        assertThat(gateway.accounts.deliveryQueue("initech")).isEmpty();
    }

    @Test
    void twoOpenedAccountsGetDifferentKeysAndSecrets() {
        OpenAccount.Opened first = open.open(valid());
        OpenAccount.Opened second = open.open(account("hooli", 1, List.of(), Optional.empty()));

        assertThat(first.apiKey()).isNotEqualTo(second.apiKey());
        assertThat(gateway.accounts.webhookSecrets("initech").orElseThrow().current())
                .isNotEqualTo(gateway.accounts.webhookSecrets("hooli").orElseThrow().current());
    }

    @Test
    void anIdAlreadyTakenIsRefusedAndTheAccountIsUnchanged() {
        String otherPrincipal = "AROAINTRUDER";

        assertThatThrownBy(() -> open.open(account(Gateway.ACCOUNT, 5_000_000, List.of(otherPrincipal),
                Optional.of(QUEUE)))).isInstanceOf(AccountStore.AccountExistsException.class);

        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
        assertThat(gateway.accounts.snapshot(Gateway.ACCOUNT, 10).orElseThrow().recentEntries()).isEmpty();
        assertThat(gateway.accounts.list(Gateway.ACCOUNT)).hasSize(1);
        assertThat(gateway.accounts.webhookSecrets(Gateway.ACCOUNT).orElseThrow().current())
                .isEqualTo("whsec_dGVzdA==");
        assertThat(gateway.accounts.accountForPrincipal(otherPrincipal)).isEmpty();
        assertThat(gateway.accounts.deliveryQueue(Gateway.ACCOUNT)).isEmpty();
        assertThat(new Authenticate(gateway.accounts, gateway.clock).accountFor(Gateway.API_KEY))
                .contains(Gateway.ACCOUNT);
    }

    @Test
    void aPrincipalOfAnotherAccountIsRefusedAndNothingIsOpened() {
        open.open(account("initech", 0, List.of(PRINCIPAL), Optional.empty()));

        assertThatThrownBy(() -> open.open(account("mallory", 1_000_000, List.of("AROA-other", PRINCIPAL),
                Optional.empty()))).isInstanceOfSatisfying(AccountStore.PrincipalTakenException.class,
                e -> assertThat(e.owner()).isEqualTo("initech"));

        assertThat(gateway.accounts.accountForPrincipal(PRINCIPAL)).contains("initech");
        assertThat(gateway.accounts.snapshot("mallory", 1)).as("the account").isEmpty();
        assertThat(gateway.accounts.accountForPrincipal("AROA-other")).isEmpty();
    }

    @Test
    void anApiKeyAlreadyTakenByAnotherAccountIsRefusedAndNothingIsOpened() {
        assertThatThrownBy(() -> open.open("initech", Gateway.API_KEY, Money.ofMicros(1), List.of(PRINCIPAL)))
                .isInstanceOf(AccountStore.AccountExistsException.class);

        assertThat(gateway.accounts.profile("initech")).isEmpty();
        assertThat(gateway.accounts.accountForPrincipal(PRINCIPAL)).isEmpty();
        assertThat(new Authenticate(gateway.accounts, gateway.clock).accountFor(Gateway.API_KEY))
                .contains(Gateway.ACCOUNT);
    }

    @Test
    void anInvalidAccountIsRefusedWithEveryProblemAndNothingIsOpened() {
        NewAccount bad = account("not ok", -1, Arrays.asList(PRINCIPAL, " ", null), Optional.of("https://x/q"));

        assertThatThrownBy(() -> open.open(bad)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("account_id",
                        "initial_balance_micros", "allowed_principals[1]", "allowed_principals[2]", "record_queue"));

        assertThat(gateway.accounts.profile("not ok")).isEmpty();
        assertThat(gateway.accounts.accountForPrincipal(PRINCIPAL)).isEmpty();
    }

    @Test
    void aValidAccountHasNoProblems() {
        assertThat(OpenAccount.problems(valid())).isEmpty();
        assertThat(OpenAccount.problems(account("a", 0, List.of(), Optional.empty()))).isEmpty();
        assertThat(OpenAccount.problems(account("A.b_c-9", Adjustment.MAX_AMOUNT_MICROS, List.of("p".repeat(256)),
                Optional.of("http://localhost:9324/000000000000/voicegate-records-a")))).isEmpty();
        assertThat(OpenAccount.problems(account("x".repeat(io.voicegate.domain.AccountIds.MAX_LENGTH), 0, List.of(),
                Optional.empty()))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "acme/1", "acmé", "a:b"})
    void anAccountIdOutsideTheAlphabetIsAProblemOfAccountId(String id) {
        assertThat(fields(account(id, 0, List.of(), Optional.empty()))).containsExactly("account_id");
    }

    @Test
    void anAccountIdMissingOrTooLongIsAProblemOfAccountId() {
        assertThat(fields(account(null, 0, List.of(), Optional.empty()))).containsExactly("account_id");
        assertThat(fields(account("x".repeat(io.voicegate.domain.AccountIds.MAX_LENGTH + 1), 0, List.of(), Optional.empty())))
                .containsExactly("account_id");
    }

    @Test
    void anOpeningBalanceBelowZeroOrAboveTheMaximumIsAProblemOfTheBalance() {
        assertThat(fields(account("a", -1, List.of(), Optional.empty()))).containsExactly("initial_balance_micros");
        assertThat(fields(account("a", Adjustment.MAX_AMOUNT_MICROS + 1, List.of(), Optional.empty())))
                .containsExactly("initial_balance_micros");
    }

    @Test
    void aBlankOrOverLongPrincipalIsAProblemNamingItsIndex() {
        assertThat(fields(account("a", 0, List.of(PRINCIPAL, "", "p".repeat(257), PRINCIPAL, "AROAROLE:session",
                " AIDASPACE ", "*", "AIDAé"), Optional.empty()))).containsExactly("allowed_principals[1]",
                "allowed_principals[2]", "allowed_principals[3]", "allowed_principals[4]", "allowed_principals[5]",
                "allowed_principals[6]", "allowed_principals[7]");
        assertThat(fields(account("a", 0, IntStream.range(0, 26).mapToObj(i -> "AIDA" + i).toList(),
                Optional.empty()))).containsExactly("allowed_principals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://sqs.eu-west-1.amazonaws.com/123456789012/other-queue",
            "ftp://sqs.eu-west-1.amazonaws.com/123456789012/voicegate-records-a",
            "https:///123456789012/voicegate-records-a", "voicegate-records-a", "not a url at all",
            "https://sqs.eu-west-1.amazonaws.com/voicegate-records-a/elsewhere"})
    void aRecordQueueNotNamedForRecordsIsAProblemOfRecordQueue(String url) {
        assertThat(fields(account("a", 0, List.of(), Optional.of(url)))).containsExactly("record_queue");
    }

    @Test
    void openingAtAFractionOfASecondKeepsTheKeysIssueTimeToTheSecond() {
        gateway.clock.set(Instant.parse("2026-11-24T10:00:00.750Z"));

        OpenAccount.Opened opened = open.open(valid());

        assertThat(opened.key().createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }
}
