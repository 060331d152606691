package io.voicegate.app;

import io.voicegate.domain.Adjustment;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.Money;
import io.voicegate.domain.StatementLine;
import io.voicegate.port.LedgerStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link LedgerStore} in memory, with the adapter's rules: one entry per id, debits never below zero. */
final class InMemoryLedger implements LedgerStore {

    private final Map<String, Money> balances = new HashMap<>();
    private final Map<String, StatementLine> entries = new LinkedHashMap<>();

    void open(String accountId, Money balance) {
        balances.put(accountId, balance);
    }

    synchronized Money balance(String accountId) {
        return balances.get(accountId);
    }

    synchronized int entries() {
        return entries.size();
    }

    @Override
    public synchronized Posting post(Adjustment adjustment) {
        Money balance = balances.get(adjustment.accountId());
        if (balance == null) {
            throw new AccountNotFoundException(adjustment.accountId());
        }
        String key = adjustment.accountId() + "/" + adjustment.entryId();
        StatementLine existing = entries.get(key);
        if (existing != null) {
            if (!existing.amount().equals(adjustment.balanceChange())) {
                throw new ReferenceReusedException(adjustment.entryId());
            }
            return new Posting(existing, false);
        }
        Money after = balance.plus(adjustment.balanceChange());
        if (after.isNegative()) {
            throw new InsufficientBalanceException(adjustment.accountId(), adjustment.amount());
        }
        StatementLine line = new StatementLine(adjustment.entryId(), adjustment.kind(), adjustment.balanceChange(),
                Optional.empty(), Optional.empty(), Optional.of(adjustment.reference()), adjustment.note(),
                adjustment.createdAt());
        entries.put(key, line);
        balances.put(adjustment.accountId(), after);
        return new Posting(line, true);
    }

    @Override
    public synchronized StatementPage statement(String accountId, StatementQuery query) {
        if (!balances.containsKey(accountId)) {
            throw new AccountNotFoundException(accountId);
        }
        List<StatementLine> lines = new ArrayList<>(entries.values());
        return new StatementPage(lines.subList(0, Math.min(query.limit(), lines.size())), Optional.empty());
    }
}
