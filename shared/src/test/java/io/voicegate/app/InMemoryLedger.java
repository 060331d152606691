package io.voicegate.app;

import io.voicegate.domain.Adjustment;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.StatementLine;
import io.voicegate.port.LedgerStore;
import io.voicegate.port.RequestStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LedgerStore} in memory, with the DynamoDB adapter's rules (held to them by {@code LedgerStoreContract}): one
 * entry per id, debits never below zero, the statement newest first by write time with the balance after each
 * entry. Balances and the requests' entries are the {@link InMemoryRequestStore}'s, as the adapter keeps them in one
 * table.
 */
public final class InMemoryLedger implements LedgerStore {

    private final InMemoryRequestStore store;

    /** A ledger of its own accounts ({@link #open}). */
    public InMemoryLedger() {
        this(new InMemoryRequestStore());
    }

    public InMemoryLedger(InMemoryRequestStore store) {
        this.store = store;
    }

    void open(String accountId, Money balance) {
        store.withBalance(accountId, balance.micros());
        synchronized (store) {
            store.openings.put(accountId, balance.micros());
        }
    }

    Money balance(String accountId) {
        synchronized (store) {
            return store.balances.containsKey(accountId) ? Money.ofMicros(store.balance(accountId)) : null;
        }
    }

    /** How many operator entries were posted. */
    int entries() {
        synchronized (store) {
            return store.adjustments.size();
        }
    }

    @Override
    public Posting post(Adjustment adjustment) {
        synchronized (store) {
            String key = adjustment.accountId() + "/" + adjustment.entryId();
            StatementLine existing = store.adjustments.get(key);
            if (existing != null) {
                if (!existing.amount().equals(adjustment.balanceChange())) {
                    throw new ReferenceReusedException(adjustment.entryId());
                }
                return new Posting(seconds(existing, Optional.empty()), false);
            }
            if (!store.balances.containsKey(adjustment.accountId())) {
                throw new AccountNotFoundException(adjustment.accountId());
            }
            long after = store.balance(adjustment.accountId()) + adjustment.balanceChange().micros();
            if (adjustment.balanceChange().isNegative() && after < 0) {
                throw new InsufficientBalanceException(adjustment.accountId(), adjustment.amount());
            }
            StatementLine line = new StatementLine(adjustment.entryId(), adjustment.kind(),
                    adjustment.balanceChange(), Optional.empty(), Optional.empty(),
                    Optional.of(adjustment.reference()), adjustment.note(), adjustment.createdAt());
            store.adjustments.put(key, line);
            store.balances.put(adjustment.accountId(), after);
            return new Posting(seconds(line, Optional.empty()), true);
        }
    }

    /** Newest first by write time (to the millisecond), then by entry id, as the adapter's index orders them. */
    @Override
    public StatementPage statement(String accountId, StatementQuery query) {
        synchronized (store) {
            if (!store.balances.containsKey(accountId)) {
                throw new AccountNotFoundException(accountId);
            }
            List<StatementLine> all = new ArrayList<>();
            store.ledger.values().stream().filter(e -> e.accountId().equals(accountId))
                    .map(InMemoryLedger::line).forEach(all::add);
            store.adjustments.entrySet().stream().filter(e -> e.getKey().startsWith(accountId + "/"))
                    .map(Map.Entry::getValue).forEach(all::add);
            Comparator<StatementLine> order = Comparator.comparing((StatementLine l) -> l.createdAt().toEpochMilli())
                    .thenComparing(StatementLine::entryId, InMemoryLedger::byteOrder);
            all.sort(order.reversed());
            long balanceAfter = store.balance(accountId);
            List<StatementLine> shown = new ArrayList<>();
            StatementLine lastShown = null;
            // A cursor is a position (milliseconds#entry id): the page goes on from the entries older than it,
            // whether or not an entry stands there, as the DynamoDB adapter's query does; one outside the window is
            // no page of this statement.
            Optional<String[]> position = query.cursor().map(InMemoryLedger::decode).map(p -> p.split("#", 2));
            if (position.map(p -> Long.parseLong(p[0])).filter(ms -> !inWindow(query, ms)).isPresent()) {
                throw new RequestStore.InvalidCursorException();
            }
            boolean more = false;
            for (StatementLine line : all) {
                long at = line.createdAt().toEpochMilli();
                boolean pastPosition = position.map(p -> at < Long.parseLong(p[0])
                        || at == Long.parseLong(p[0]) && byteOrder(line.entryId(), p[1]) < 0).orElse(true);
                if (pastPosition && inWindow(query, at)) {
                    if (shown.size() == query.limit()) {
                        more = true;
                        break;
                    }
                    shown.add(seconds(line, Optional.of(Money.ofMicros(balanceAfter))));
                    lastShown = line;
                }
                balanceAfter -= line.amount().micros();
            }
            return new StatementPage(shown, more ? Optional.of(encode(position(lastShown))) : Optional.empty(),
                    Optional.ofNullable(store.openings.get(accountId)).map(Money::ofMicros));
        }
    }

    private static StatementLine line(LedgerEntry entry) {
        return new StatementLine(entry.entryId(), entry.kind(), entry.amount(), Optional.empty(),
                Optional.of(entry.requestId()), Optional.empty(), Optional.empty(), entry.createdAt());
    }

    /** The line as the adapter shows it: its time to the second, and the balance after it when known. */
    private static StatementLine seconds(StatementLine line, Optional<Money> balanceAfter) {
        return new StatementLine(line.entryId(), line.kind(), line.amount(), balanceAfter, line.requestId(),
                line.reference(), line.note(), Instant.ofEpochSecond(line.createdAt().getEpochSecond()));
    }

    private static boolean inWindow(StatementQuery query, long epochMilli) {
        return query.since().map(since -> epochMilli >= since.toEpochMilli()).orElse(true)
                && query.until().map(until -> epochMilli < until.plusSeconds(1).toEpochMilli()).orElse(true);
    }

    private static String position(StatementLine line) {
        return line.createdAt().toEpochMilli() + "#" + line.entryId();
    }

    private static int byteOrder(String a, String b) {
        return new String(a.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                .compareTo(new String(b.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.matches("\\d{1,15}#.{1,200}")) {
                throw new RequestStore.InvalidCursorException();
            }
            return text;
        } catch (IllegalArgumentException e) {
            throw new RequestStore.InvalidCursorException();
        }
    }
}
