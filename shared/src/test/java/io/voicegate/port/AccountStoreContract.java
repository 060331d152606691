package io.voicegate.port;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.OwnedVoice;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Voice;
import io.voicegate.domain.WebhookSecrets;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link AccountStore} must do: accounts opened once, keys and principals that lead to their account,
 * webhook secrets that rotate, and the voices a settlement gives an account. Runs against the fake and the DynamoDB
 * adapter.
 */
public abstract class AccountStoreContract {

    protected abstract Storage storage();

    private AccountStore accounts() {
        return storage().accounts();
    }

    private Instant now() {
        return storage().clock().instant();
    }

    @Test
    void anOpenedAccountHasItsBalanceItsKeyAndNoEntries() {
        String account = "acct-" + UUID.randomUUID();
        String key = ApiKeys.PREFIX + UUID.randomUUID();

        var info = accounts().create(account, Money.ofMicros(5_000_000), ApiKeys.hash(key), ApiKeys.last4(key),
                Storage.SECRET, now());

        var snapshot = accounts().snapshot(account, 20).orElseThrow();
        assertThat(snapshot.balance()).isEqualTo(Money.ofMicros(5_000_000));
        assertThat(snapshot.createdAt()).isEqualTo(now());
        assertThat(snapshot.recentEntries()).isEmpty();
        assertThat(info.keyId()).isEqualTo(ApiKeys.keyId(ApiKeys.hash(key)));
        assertThat(info.last4()).isEqualTo(ApiKeys.last4(key));
        assertThat(accounts().accountForKeyHash(ApiKeys.hash(key))).contains(account);
        assertThat(accounts().accountForKeyHash(ApiKeys.hash(key + "x"))).isEmpty();
        assertThat(accounts().snapshot("acct-" + UUID.randomUUID(), 20)).isEmpty();
    }

    @Test
    void anAccountOrAKeyIsOpenedOnlyOnce() {
        String key = ApiKeys.PREFIX + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        accounts().create(account, Money.ofMicros(1), ApiKeys.hash(key), "last", Storage.SECRET, now());
        String otherKey = ApiKeys.PREFIX + UUID.randomUUID();

        assertThatThrownBy(() -> accounts().create(account, Money.ofMicros(9), ApiKeys.hash(otherKey), "last",
                Storage.SECRET, now())).isInstanceOf(AccountStore.AccountExistsException.class);
        String another = "acct-" + UUID.randomUUID();
        assertThatThrownBy(() -> accounts().create(another, Money.ofMicros(9), ApiKeys.hash(key), "last",
                Storage.SECRET, now())).isInstanceOf(AccountStore.AccountExistsException.class);

        assertThat(storage().balance(account)).isEqualTo(1);
        assertThat(accounts().snapshot(another, 1)).isEmpty();
        assertThat(accounts().accountForKeyHash(ApiKeys.hash(otherKey))).isEmpty();
    }

    @Test
    void anAllowedPrincipalLeadsToItsAccount() {
        String account = storage().openAccount(0);
        String principal = "AROA" + UUID.randomUUID();

        accounts().allowPrincipal(account, principal);

        assertThat(accounts().accountForPrincipal(principal)).contains(account);
        assertThat(accounts().accountForPrincipal(principal + "x")).isEmpty();
    }

    /** The last writer does not take a principal over: it stays with the account it was allowed for. */
    @Test
    void aPrincipalSubmitsForOneAccountOnly() {
        String account = storage().openAccount(0);
        String other = storage().openAccount(0);
        String principal = "AROA" + UUID.randomUUID();
        accounts().allowPrincipal(account, principal);

        accounts().allowPrincipal(account, principal);
        assertThatThrownBy(() -> accounts().allowPrincipal(other, principal))
                .isInstanceOfSatisfying(AccountStore.PrincipalTakenException.class, e -> {
                    assertThat(e.principal()).isEqualTo(principal);
                    assertThat(e.owner()).isEqualTo(account);
                });

        assertThat(accounts().accountForPrincipal(principal)).contains(account);
    }

    /** An account is opened with its principals or not at all: a principal of another account opens nothing. */
    @Test
    void anAccountOpensWithItsPrincipalsOrNotAtAll() {
        String owner = storage().openAccount(0);
        String taken = "AROA" + UUID.randomUUID();
        accounts().allowPrincipal(owner, taken);
        String free = "AIDA" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        String key = "vg_" + UUID.randomUUID();

        assertThatThrownBy(() -> accounts().create(account, Money.ofMicros(1), ApiKeys.hash(key), "last",
                Storage.SECRET, List.of(free, taken), now()))
                .isInstanceOfSatisfying(AccountStore.PrincipalTakenException.class,
                        e -> assertThat(e.owner()).isEqualTo(owner));
        assertThat(accounts().accountForKeyHash(ApiKeys.hash(key))).as("the key").isEmpty();
        assertThat(accounts().accountForPrincipal(free)).as("the free principal").isEmpty();
        assertThat(accounts().webhookSecrets(account)).as("the account").isEmpty();

        accounts().create(account, Money.ofMicros(1), ApiKeys.hash(key), "last", Storage.SECRET, List.of(free),
                now());
        assertThat(accounts().accountForPrincipal(free)).contains(account);
    }

    @Test
    void aRotatedSecretKeepsThePreviousOneUntilItsGraceEnds() {
        String account = storage().openAccount(0);
        Instant until = now().plusSeconds(86_400);

        WebhookSecrets before = accounts().webhookSecrets(account).orElseThrow();
        WebhookSecrets rotated = accounts().rotateWebhookSecret(account, "whsec_bmV3", now(), until);

        assertThat(before).isEqualTo(WebhookSecrets.of(Storage.SECRET));
        assertThat(rotated).isEqualTo(new WebhookSecrets("whsec_bmV3",
                List.of(new WebhookSecrets.Previous(Storage.SECRET, until))));
        assertThat(accounts().webhookSecrets(account)).contains(rotated);
        assertThat(accounts().webhookSecrets("acct-" + UUID.randomUUID())).isEmpty();
    }

    /**
     * Rotations keep every replaced secret in its grace, up to {@link WebhookSecrets#KEPT}: a rotation retried after
     * its answer was lost leaves the first secret signing; a third drops the oldest, and one past its grace is not kept.
     */
    @Test
    void rotationsKeepTheReplacedSecretsInTheirGrace() {
        String account = storage().openAccount(0);
        Instant start = now();
        Instant firstUntil = start.plusSeconds(86_400);

        accounts().rotateWebhookSecret(account, "whsec_c2Vjb25k", start, firstUntil);
        WebhookSecrets twice = accounts().rotateWebhookSecret(account, "whsec_dGhpcmQ=", start.plusSeconds(60),
                firstUntil.plusSeconds(60));
        WebhookSecrets thrice = accounts().rotateWebhookSecret(account, "whsec_Zm91cnRo", start.plusSeconds(120),
                firstUntil.plusSeconds(120));
        WebhookSecrets late = accounts().rotateWebhookSecret(account, "whsec_ZmlmdGg=", firstUntil.plusSeconds(150),
                firstUntil.plusSeconds(86_550));

        assertThat(twice.signingAt(start.plusSeconds(61))).containsExactly("whsec_dGhpcmQ=", "whsec_c2Vjb25k",
                Storage.SECRET);
        assertThat(accounts().webhookSecrets(account).orElseThrow().current()).isEqualTo("whsec_ZmlmdGg=");
        assertThat(thrice.previous()).extracting(WebhookSecrets.Previous::secret)
                .containsExactly("whsec_dGhpcmQ=", "whsec_c2Vjb25k");
        assertThat(late.previous()).as("the secret replaced after the others' grace ended")
                .containsExactly(new WebhookSecrets.Previous("whsec_Zm91cnRo", firstUntil.plusSeconds(86_550)));
        assertThat(accounts().webhookSecrets(account)).contains(late);
    }

    /** Two rotations at once both count: neither replaced secret is lost to the other's write. */
    @Test
    void concurrentRotationsLoseNoSecret() throws Exception {
        String account = storage().openAccount(0);
        Instant at = now();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<WebhookSecrets>> rotations = new ArrayList<>();
        for (String secret : List.of("whsec_b25l", "whsec_dHdv")) {
            rotations.add(pool.submit(() -> {
                start.await();
                return accounts().rotateWebhookSecret(account, secret, at, at.plusSeconds(86_400));
            }));
        }
        start.countDown();
        for (Future<WebhookSecrets> rotation : rotations) {
            rotation.get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(accounts().webhookSecrets(account).orElseThrow().signingAt(at.plusSeconds(1)))
                .containsExactlyInAnyOrder("whsec_b25l", "whsec_dHdv", Storage.SECRET);
    }

    @Test
    void theDeliveryQueueIsAnOperatorSetting() {
        String account = storage().openAccount(0);

        Optional<String> before = accounts().deliveryQueue(account);
        accounts().setDeliveryQueue(account, "https://sqs.example/123/voicegate-records-x");

        assertThat(before).isEmpty();
        assertThat(accounts().deliveryQueue(account)).contains("https://sqs.example/123/voicegate-records-x");
    }

    @Test
    void theLatestEntriesComeHighestIdFirstUpToTheLimit() {
        String account = storage().openAccount(1_000_000);
        Request first = aRequest().id("01000000-0000-7000-8000-000000000001").account(account).voiceName("a")
                .createdAt(now()).build();
        Request second = aRequest().id("01000000-0000-7000-8000-000000000002").account(account).voiceName("b")
                .createdAt(now()).build();
        storage().requests().insert(first, Optional.of(LedgerEntry.hold(first)), Optional.empty());
        storage().requests().insert(second, Optional.of(LedgerEntry.hold(second)), Optional.empty());

        var snapshot = accounts().snapshot(account, 1).orElseThrow();

        assertThat(snapshot.balance()).isEqualTo(Money.ofMicros(1_000_000 - 140_000));
        assertThat(snapshot.recentEntries()).extracting(LedgerEntry::entryId)
                .containsExactly(second.requestId() + "#hold");
    }

    @Test
    void aSettledSuccessGivesItsVoicesToTheAccountUntilOneIsForgotten() {
        String account = storage().openAccount(1_000_000);
        Request request = aRequest().account(account).voiceName("ada").createdAt(now()).build();
        storage().requests().insert(request, Optional.of(LedgerEntry.hold(request)), Optional.empty());
        Voice one = new Voice("v1-" + request.requestId(), "k1", "https://kling.example/1.mp3");
        Voice two = new Voice("v2-" + request.requestId(), "k2", "https://kling.example/2.mp3");
        storage().requests().advance(request.requestId(), Transition.processing("t"), now());
        storage().requests().advance(request.requestId(), new Transition(RequestStatus.SUCCESS, Optional.empty(),
                Optional.of(Outcome.voices(List.of(one, two))), Optional.of(new java.math.BigDecimal("0.05"))), now());
        Request success = storage().requests().find(request.requestId()).orElseThrow();
        storage().requests().settle(success, Settlement.of(success,
                io.voicegate.domain.ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000)), now()).orElseThrow(), now());

        List<OwnedVoice> owned = accounts().voices(account);
        accounts().forgetVoice(account, one.voiceId());

        // the account sees each voice under the name its client gave the request (Kling's names are derived ones)
        assertThat(owned).extracting(OwnedVoice::voice).containsExactlyInAnyOrder(
                new Voice(one.voiceId(), "ada", one.trialUrl()), new Voice(two.voiceId(), "ada", two.trialUrl()));
        assertThat(owned).allSatisfy(v -> assertThat(v.requestId()).isEqualTo(request.requestId()));
        assertThat(accounts().voices(account)).extracting(o -> o.voice().voiceId()).containsExactly(two.voiceId());
        assertThat(accounts().voice(account, one.voiceId())).isEmpty();
        assertThat(accounts().voice(storage().openAccount(0), two.voiceId())).as("another account's voice")
                .isEmpty();
    }
}
