package io.voicegate.app;

import io.voicegate.domain.FieldError;
import io.voicegate.domain.Money;
import io.voicegate.domain.StatementLine;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.LedgerStore;
import io.voicegate.port.RequestStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account's statement: every ledger entry, newest first, with the balance after each (µUSD), and where it reaches
 * back to the account's opening, the balance the account was opened with (which no ledger entry carries), so the
 * lines add up from it.
 */
public class ReadStatement {

    /**
     * A page of the statement; {@code openingBalance} (µUSD) on the page that reaches the account's opening (the
     * last page of a statement without {@code since}, when it has a line): the balance the account was opened with,
     * as kept when it was opened, from which the lines add up.
     */
    public record Statement(LedgerStore.StatementPage page, Optional<Money> openingBalance) {
    }

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** 9999-12-31T23:59:59Z: later times are not times a ledger has. */
    static final long MAX_SECONDS = 253_402_300_799L;

    private final LedgerStore ledger;

    public ReadStatement(LedgerStore ledger) {
        this.ledger = ledger;
    }

    /**
     * @param since Unix seconds, inclusive
     * @param until Unix seconds, inclusive
     * @throws ValidationException naming {@code limit}, {@code since}, {@code until} or {@code cursor}
     */
    public Statement statement(String accountId, Optional<Long> since, Optional<Long> until, long limit,
                               Optional<String> cursor) {
        List<FieldError> errors = new ArrayList<>();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        }
        since.filter(s -> s < 0 || s > MAX_SECONDS).ifPresent(s -> errors.add(seconds("since")));
        until.filter(u -> u < 0 || u > MAX_SECONDS).ifPresent(u -> errors.add(seconds("until")));
        if (since.isPresent() && until.isPresent() && since.get() > until.get()) {
            errors.add(new FieldError("until", "must not be before since"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        LedgerStore.StatementPage page;
        try {
            page = ledger.statement(accountId, new LedgerStore.StatementQuery(since.map(Instant::ofEpochSecond),
                    until.map(Instant::ofEpochSecond), (int) limit, cursor));
        } catch (RequestStore.InvalidCursorException e) {
            throw ValidationException.of("cursor", "is not a cursor from a previous page of this statement");
        }
        Optional<Money> opening = Optional.empty();
        if (since.isEmpty() && page.nextCursor().isEmpty() && !page.entries().isEmpty()) {
            // The balance the account was opened with, as kept then: the lines add up from it when every change of
            // the balance is in the ledger (an account opened before it was kept: the balance before the oldest line)
            StatementLine oldest = page.entries().get(page.entries().size() - 1);
            opening = page.openingBalance().or(() -> oldest.balanceAfter().map(after -> after.minus(oldest.amount())));
        }
        return new Statement(page, opening);
    }

    private static FieldError seconds(String field) {
        return new FieldError(field, "must be Unix seconds from 0 to " + MAX_SECONDS);
    }
}
