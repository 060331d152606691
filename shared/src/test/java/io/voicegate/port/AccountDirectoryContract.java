package io.voicegate.port;

import io.voicegate.domain.AccountProfile;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link AccountDirectory} must do: profiles, every account once in pages by id, and suspensions that keep
 * their first time. Runs against the fake and the DynamoDB adapter.
 */
public abstract class AccountDirectoryContract {

    protected abstract Storage storage();

    private AccountDirectory directory() {
        return storage().directory();
    }

    @Test
    void aProfileShowsTheBalanceAndTheState() {
        String account = storage().openAccount(250);

        AccountProfile profile = directory().profile(account).orElseThrow();

        assertThat(profile).isEqualTo(new AccountProfile(account, Money.ofMicros(250), Optional.empty(),
                Optional.empty(), storage().clock().instant()));
        assertThat(profile.state()).isEqualTo("active");
        assertThat(directory().profile("acct-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aSuspensionKeepsItsFirstTimeAndTakesTheNewReasonUntilResumed() {
        String account = storage().openAccount(0);
        Instant first = storage().clock().instant();

        directory().suspend(account, "chargeback", first);
        AccountProfile again = directory().suspend(account, "fraud review", first.plus(Duration.ofHours(1)))
                .orElseThrow();
        AccountProfile resumed = directory().resume(account).orElseThrow();

        assertThat(again.suspendedReason()).contains("fraud review");
        assertThat(again.suspendedAt()).contains(first);
        assertThat(again.state()).isEqualTo("suspended");
        assertThat(resumed.suspended()).isFalse();
        assertThat(resumed.suspendedAt()).isEmpty();
        assertThat(directory().suspend("acct-" + UUID.randomUUID(), "x", first)).isEmpty();
        assertThat(directory().resume("acct-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void everyAccountIsListedOnceInPagesByIdWithACursorOnlyWhenMoreFollow() {
        String prefix = "dir-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> opened = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            String id = prefix + i;
            storage().accounts().create(id, Money.ZERO, io.voicegate.domain.ApiKeys.hash("vg_dir_" + id), "last",
                    Storage.SECRET, storage().clock().instant());
            opened.add(0, id);
        }

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            AccountDirectory.AccountPage page = directory().list(2, cursor);
            assertThat(page.accounts()).hasSizeLessThanOrEqualTo(2);
            page.accounts().forEach(a -> seen.add(a.accountId()));
            cursor = page.nextCursor();
            assertThat(cursor.isEmpty() || page.accounts().size() == 2).isTrue();
        } while (cursor.isPresent() && ++pages < 1_000);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen.stream().filter(id -> id.startsWith(prefix)).toList()).containsExactlyElementsOf(opened);
        assertThat(seen).isSorted();
        for (String notOurs : List.of("%%%", "zzz", "", "AA")) {
            assertThatThrownBy(() -> directory().list(2, Optional.of(notOurs))).as("cursor %s", notOurs)
                    .isInstanceOf(RequestStore.InvalidCursorException.class);
        }
    }
}
