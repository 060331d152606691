package io.voicegate.app;

import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.Money;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.AccountDirectory;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdministerAccountsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private final Map<String, AccountProfile> accounts = new HashMap<>();
    private final AdministerAccounts administer = new AdministerAccounts(new AccountDirectory() {
        @Override
        public Optional<AccountProfile> profile(String accountId) {
            return Optional.ofNullable(accounts.get(accountId));
        }

        @Override
        public AccountPage list(int limit, Optional<String> cursor) {
            return new AccountPage(List.copyOf(accounts.values()), Optional.empty());
        }

        @Override
        public Optional<AccountProfile> suspend(String accountId, String reason, Instant now) {
            return Optional.ofNullable(accounts.computeIfPresent(accountId, (id, a) -> new AccountProfile(id,
                    a.balance(), Optional.of(reason), a.suspendedAt().or(() -> Optional.of(now)), a.createdAt())));
        }

        @Override
        public Optional<AccountProfile> resume(String accountId) {
            return Optional.ofNullable(accounts.computeIfPresent(accountId, (id, a) -> new AccountProfile(id,
                    a.balance(), Optional.empty(), Optional.empty(), a.createdAt())));
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    AdministerAccountsTest() {
        accounts.put("acme", new AccountProfile("acme", Money.ofUsd("3"), Optional.empty(), Optional.empty(), NOW));
    }

    @Test
    void suspendsWithAReasonAndResumes() {
        AccountProfile suspended = administer.suspend("acme", "chargeback").orElseThrow();
        AccountProfile resumed = administer.resume("acme").orElseThrow();

        assertThat(suspended.state()).isEqualTo("suspended");
        assertThat(suspended.suspendedReason()).contains("chargeback");
        assertThat(suspended.suspendedAt()).contains(NOW);
        assertThat(resumed.state()).isEqualTo("active");
        assertThat(resumed.balance()).isEqualTo(Money.ofUsd("3"));
    }

    @Test
    void aReasonIsRequiredAndAnUnknownAccountIsEmpty() {
        assertThatThrownBy(() -> administer.suspend("acme", " "))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("reason"));
        assertThat(accounts.get("acme").suspended()).isFalse();
        assertThat(administer.suspend("nobody", "x")).isEmpty();
        assertThat(administer.resume("nobody")).isEmpty();
    }
}
