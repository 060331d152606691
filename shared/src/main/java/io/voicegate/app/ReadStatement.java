package io.voicegate.app;

import io.voicegate.domain.FieldError;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.LedgerStore;
import io.voicegate.port.RequestStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An account's statement: every ledger entry, newest first, with the balance after each (µUSD). */
public class ReadStatement {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final LedgerStore ledger;

    public ReadStatement(LedgerStore ledger) {
        this.ledger = ledger;
    }

    /**
     * @param since Unix seconds, inclusive
     * @param until Unix seconds, inclusive
     * @throws ValidationException naming {@code limit}, {@code since}, {@code until} or {@code cursor}
     */
    public LedgerStore.StatementPage statement(String accountId, Optional<Long> since, Optional<Long> until,
                                               int limit, Optional<String> cursor) {
        List<FieldError> errors = new ArrayList<>();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        }
        since.filter(s -> s < 0).ifPresent(s -> errors.add(new FieldError("since", "must be Unix seconds, not negative")));
        until.filter(u -> u < 0).ifPresent(u -> errors.add(new FieldError("until", "must be Unix seconds, not negative")));
        if (since.isPresent() && until.isPresent() && since.get() > until.get()) {
            errors.add(new FieldError("until", "must not be before since"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        try {
            return ledger.statement(accountId, new LedgerStore.StatementQuery(since.map(Instant::ofEpochSecond),
                    until.map(Instant::ofEpochSecond), limit, cursor));
        } catch (RequestStore.InvalidCursorException e) {
            throw ValidationException.of("cursor", "is not a cursor from a previous page of this statement");
        }
    }
}
