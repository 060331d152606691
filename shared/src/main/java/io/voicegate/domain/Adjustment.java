package io.voicegate.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An operator's credit or debit of an account: {@code amount} is a positive number of µUSD, {@code reference} is the
 * operator's idempotency key (e.g. a payment id), so the ledger entry id {@code credit#{reference}} or
 * {@code debit#{reference}} is deterministic and posting the same adjustment twice changes nothing.
 */
public record Adjustment(String accountId, LedgerEntryKind kind, Money amount, String reference,
                         Optional<String> note, Instant createdAt) {

    public static final int MAX_REFERENCE = 128;
    public static final int MAX_NOTE = 500;
    /** One adjustment moves at most $1,000,000 (10^12 µUSD), far from any overflow of a balance. */
    public static final long MAX_AMOUNT_MICROS = 1_000_000_000_000L;
    /** No {@code #} (the entry id's separator), no spaces, no control characters. */
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:@/-]{1," + MAX_REFERENCE + "}");

    /**
     * @throws ValidationException naming {@code amount_micros}, {@code reference} or {@code note}
     */
    public Adjustment {
        if (kind != LedgerEntryKind.CREDIT && kind != LedgerEntryKind.DEBIT) {
            throw new IllegalArgumentException("an adjustment is a credit or a debit, not " + kind);
        }
        List<FieldError> errors = new ArrayList<>();
        if (!amount.isPositive() || amount.micros() > MAX_AMOUNT_MICROS) {
            errors.add(new FieldError("amount_micros", "must be a whole number of micro-USD from 1 to "
                    + MAX_AMOUNT_MICROS));
        }
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            errors.add(new FieldError("reference", "must be 1-" + MAX_REFERENCE
                    + " characters of letters, digits and . _ : @ / -"));
        }
        if (note.isPresent() && (note.get().length() > MAX_NOTE || note.get().chars().anyMatch(c -> c < 0x20))) {
            errors.add(new FieldError("note", "must be at most " + MAX_NOTE
                    + " characters, without control characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** {@code credit#{reference}} or {@code debit#{reference}}. */
    public String entryId() {
        return kind.wireName() + "#" + reference;
    }

    /** The change to the balance: positive for a credit, negative for a debit. */
    public Money balanceChange() {
        return kind == LedgerEntryKind.CREDIT ? amount : amount.negate();
    }
}
