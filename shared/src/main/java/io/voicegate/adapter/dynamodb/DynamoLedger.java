package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.Adjustment;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.StatementLine;
import io.voicegate.port.LedgerStore;
import io.voicegate.port.RequestStore;
import io.voicegate.port.StoreBusyException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/**
 * {@link LedgerStore} on the accounts table: an operator's entry and its balance change in one transaction, and the
 * statement read from the sparse {@code account_listing} index ({@code LEDGER#{account}}, by write time), which
 * carries what a statement line shows. The balance after each entry is worked back from the account's balance, newest
 * first; the cursor carries the balance after the last entry shown, so later pages go on from it.
 */
public class DynamoLedger implements LedgerStore {

    private static final int ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreBusyException conflicting transactions or throttling outlasted a few attempts: nothing was written
     */
    @Override
    public Posting post(Adjustment adjustment) {
        for (int attempt = 1; ; attempt++) {
            try {
                transaction(adjustment).commit(dynamo, EntryExists.class);
                return new Posting(AccountItems.statementLine(AccountItems.adjustment(adjustment),
                        Optional.empty()), true);
            } catch (EntryExists e) {
                return replay(adjustment, e.item);
            } catch (StoreBusyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private Transaction transaction(Adjustment adjustment) {
        Update.Builder balance = Update.builder().tableName(table).key(AccountItems.profileKey(adjustment.accountId()));
        Map<String, String> names = new HashMap<>(Map.of("#pk", AccountItems.PK, "#balance", AccountItems.BALANCE));
        if (adjustment.kind() == LedgerEntryKind.CREDIT) {
            balance.updateExpression("ADD #balance :amount").conditionExpression("attribute_exists(#pk)");
        } else {
            balance.updateExpression("SET #balance = #balance - :amount")
                    .conditionExpression("attribute_exists(#pk) AND #balance >= :amount");
        }
        return new Transaction("adjustment " + adjustment.entryId() + " of account " + adjustment.accountId())
                .put(Put.builder().tableName(table).item(AccountItems.adjustment(adjustment))
                                .conditionExpression("attribute_not_exists(" + AccountItems.PK + ")")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build(),
                        reason -> new EntryExists(reason.hasItem() ? reason.item() : Map.of()))
                // the account as it was tells a missing account from a balance too low
                .update(balance.expressionAttributeNames(names)
                                .expressionAttributeValues(Map.of(":amount", n(adjustment.amount().micros())))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build(),
                        reason -> reason.hasItem() && !reason.item().isEmpty()
                                ? new InsufficientBalanceException(adjustment.accountId(), adjustment.amount())
                                : new AccountNotFoundException(adjustment.accountId()));
    }

    /** The entry exists already (the item as it was, when DynamoDB returned it): a replay, or a reused reference. */
    private static final class EntryExists extends RuntimeException {
        private final Map<String, AttributeValue> item;

        EntryExists(Map<String, AttributeValue> item) {
            super("entry exists", null, false, false);
            this.item = item;
        }
    }

    /** The entry exists: the same adjustment again is a no-op; another amount under the reference is refused. */
    private Posting replay(Adjustment adjustment, Map<String, AttributeValue> existing) {
        Map<String, AttributeValue> found = existing == null || existing.isEmpty()
                ? dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(AccountItems.ledgerKey(adjustment.accountId(), adjustment.entryId()))).item()
                : existing;
        StatementLine line = AccountItems.statementLine(found, Optional.empty());
        if (!line.amount().equals(adjustment.balanceChange())) {
            throw new ReferenceReusedException(adjustment.entryId());
        }
        return new Posting(line, false);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public StatementPage statement(String accountId, StatementQuery query) {
        Map<String, AttributeValue> profile = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(AccountItems.profileKey(accountId))).item();
        if (profile == null || profile.isEmpty()) {
            throw new AccountNotFoundException(accountId);
        }
        String low = query.since().map(t -> String.format("%015d", t.toEpochMilli())).orElse("0");
        String high = query.until().map(t -> String.format("%015d", t.plusSeconds(1).toEpochMilli())).orElse("~");
        Optional<Cursor> cursor = query.cursor().map(Cursor::decode);
        // A position outside the window is no page of this statement (and a start key outside a query's key
        // condition is a ValidationException on DynamoDB: "The provided starting key is outside query boundaries").
        if (cursor.filter(c -> c.listSk().compareTo(low) <= 0 || c.listSk().compareTo(high) >= 0).isPresent()) {
            throw new RequestStore.InvalidCursorException();
        }
        // The balance after the page's first line is the account's balance less every entry newer than that line:
        // computed here from the account's own entries, never taken from the cursor, which the client holds.
        long balanceAfter = Attr.number(profile, AccountItems.BALANCE) - cursor.map(c -> sumFrom(accountId, c.listSk()))
                .orElseGet(() -> query.until().isPresent() ? sumFrom(accountId, high) : 0);
        QueryResponse page = dynamo.query(q -> q.tableName(table).indexName(AccountItems.LISTING_INDEX)
                .keyConditionExpression("#lpk = :lpk AND #lsk BETWEEN :low AND :high")
                .expressionAttributeNames(Map.of("#lpk", AccountItems.LIST_PK, "#lsk", AccountItems.LIST_SK))
                .expressionAttributeValues(Map.of(":lpk", s(AccountItems.ledgerListPk(accountId)), ":low", s(low),
                        ":high", s(high)))
                .scanIndexForward(false).limit(query.limit() + 1)
                .exclusiveStartKey(cursor.map(c -> c.startKey(accountId)).orElse(null)));
        // One more entry than the page is read, so a full last page has no cursor.
        List<StatementLine> lines = new ArrayList<>();
        for (Map<String, AttributeValue> item : page.items().subList(0, Math.min(query.limit(), page.items().size()))) {
            lines.add(AccountItems.statementLine(item, Optional.of(Money.ofMicros(balanceAfter))));
            balanceAfter -= Attr.number(item, AccountItems.AMOUNT);
        }
        boolean more = page.items().size() > query.limit();
        Optional<String> next = more ? Optional.of(new Cursor(Attr.string(page.items().get(lines.size() - 1),
                AccountItems.LIST_SK)).encode()) : Optional.empty();
        return new StatementPage(lines, next, profile.containsKey(AccountItems.OPENING_BALANCE)
                ? Optional.of(Money.ofMicros(Attr.number(profile, AccountItems.OPENING_BALANCE))) : Optional.empty());
    }

    /**
     * The sum of the account's entries from {@code from} on (their {@code list_sk} at or after it, so written at or
     * after that moment): what separates its balance now from its balance before them. One paginated query of the
     * statement index, whose entries are small (about 40 to a read unit): a page reached by a cursor reads every
     * entry newer than it, so paging a statement of N entries L at a time reads about N²/2L index entries.
     */
    private long sumFrom(String accountId, String from) {
        long sum = 0;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(q -> q.tableName(table)
                .indexName(AccountItems.LISTING_INDEX)
                .keyConditionExpression("#lpk = :lpk AND #lsk >= :from")
                .expressionAttributeNames(Map.of("#lpk", AccountItems.LIST_PK, "#lsk", AccountItems.LIST_SK))
                .expressionAttributeValues(Map.of(":lpk", s(AccountItems.ledgerListPk(accountId)),
                        ":from", s(from)))).items()) {
            sum += Attr.number(item, AccountItems.AMOUNT);
        }
        return sum;
    }

    /**
     * A position in the statement: the {@code list_sk} of the last entry shown. Only a position: the balances of the
     * next page are computed again from the account's entries, so a cursor a client altered cannot change them (an
     * older cursor's {@code |balance} suffix is read and ignored).
     */
    private record Cursor(String listSk) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(listSk.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = decoded.lastIndexOf('|');
                String listSk = bar < 0 ? decoded : decoded.substring(0, bar);
                if (!listSk.matches("\\d{15}#.{1,200}")) {
                    throw new RequestStore.InvalidCursorException();
                }
                return new Cursor(listSk);
            } catch (IllegalArgumentException e) {
                throw new RequestStore.InvalidCursorException();
            }
        }

        Map<String, AttributeValue> startKey(String accountId) {
            String entryId = listSk.substring(listSk.indexOf('#') + 1);
            return Map.of(AccountItems.PK, s(AccountItems.accountPk(accountId)),
                    AccountItems.SK, s(AccountItems.LEDGER_PREFIX + entryId),
                    AccountItems.LIST_PK, s(AccountItems.ledgerListPk(accountId)), AccountItems.LIST_SK, s(listSk));
        }
    }
}
