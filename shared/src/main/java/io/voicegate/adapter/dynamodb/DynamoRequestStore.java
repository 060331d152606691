package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.AccountSuspendedException;
import io.voicegate.domain.IdempotencyRecord;
import io.voicegate.domain.InsufficientBalanceException;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.VoiceNameTakenException;
import io.voicegate.port.RequestStore;
import io.voicegate.port.StoreBusyException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/** {@link RequestStore} on the {@code requests} table; the submit transaction also touches {@code accounts}. */
public class DynamoRequestStore implements RequestStore {

    private final DynamoDbClient dynamo;
    private final String requestsTable;
    private final String accountsTable;

    public DynamoRequestStore(DynamoDbClient dynamo, String requestsTable, String accountsTable) {
        this.dynamo = dynamo;
        this.requestsTable = requestsTable;
        this.accountsTable = accountsTable;
    }

    /**
     * {@inheritDoc}
     *
     * <p>When several conditions fail at once the client hears first of what it can least fix by retrying: an
     * existing request, a suspended account, a taken voice name, then the balance, then a lost claim.
     *
     * @throws StoreBusyException a conflicting transaction or throttling: nothing was written
     */
    @Override
    public void insert(Request request, Optional<LedgerEntry> hold, Optional<IdempotencyRecord> claim) {
        Transaction transaction = new Transaction("submit of request " + request.requestId());
        transaction.put(Put.builder().tableName(requestsTable).item(RequestItems.toItem(request))
                        .conditionExpression("attribute_not_exists(" + RequestItems.REQUEST_ID + ")").build(),
                reason -> new RequestExistsException(request.requestId()));
        hold.ifPresent(entry -> {
            Money amount = entry.amount().negate();
            transaction.update(Update.builder().tableName(accountsTable)
                    .key(AccountItems.profileKey(entry.accountId()))
                    .updateExpression("SET #balance = #balance - :hold")
                    // A suspended account submits nothing; checked here so a suspension and a submit cannot race.
                    .conditionExpression(
                            "attribute_exists(#pk) AND #balance >= :hold AND attribute_not_exists(#suspended)")
                    .expressionAttributeNames(Map.of("#balance", AccountItems.BALANCE, "#pk", AccountItems.PK,
                            "#suspended", AccountItems.SUSPENDED_REASON))
                    .expressionAttributeValues(Map.of(":hold", n(amount.micros())))
                    // the account as it was tells a suspension from a balance too low
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build(),
                    reason -> reason.hasItem() && reason.item().containsKey(AccountItems.SUSPENDED_REASON)
                            ? new AccountSuspendedException(request.accountId())
                            : new InsufficientBalanceException(request.accountId(), amount));
            // the hold entry's id is the request's: it exists only if the request did
            transaction.put(Put.builder().tableName(accountsTable).item(AccountItems.ledgerEntry(entry))
                            .conditionExpression("attribute_not_exists(" + AccountItems.PK + ")").build(),
                    reason -> new RequestExistsException(request.requestId()));
        });
        claim.ifPresent(c -> transaction.update(Update.builder().tableName(accountsTable)
                        .key(AccountItems.idempotencyKey(c.accountId(), c.key()))
                        .updateExpression("SET #completed = :true")
                        .conditionExpression("#token = :token")
                        .expressionAttributeNames(Map.of("#completed", AccountItems.COMPLETED,
                                "#token", AccountItems.CLAIM_TOKEN))
                        .expressionAttributeValues(Map.of(":true", Attr.bool(true), ":token", s(c.claimToken())))
                        .build(),
                reason -> new ClaimLostException(c.key())));
        request.voiceNameClaim().ifPresent(name -> transaction.put(Put.builder().tableName(accountsTable)
                        .item(AccountItems.voiceNameClaim(request.accountId(), name, request.requestId(),
                                request.createdAt()))
                        .conditionExpression("attribute_not_exists(" + AccountItems.PK + ")").build(),
                reason -> new VoiceNameTakenException(request.payload().get("voice_name"))));
        transaction.commit(dynamo, RequestExistsException.class, AccountSuspendedException.class,
                VoiceNameTakenException.class, InsufficientBalanceException.class, ClaimLostException.class);
    }

    @Override
    public Optional<Request> find(String requestId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(requestsTable)
                .key(RequestItems.key(requestId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(RequestItems.fromItem(item));
    }

    @Override
    public boolean advance(String requestId, Transition transition, Instant now) {
        return advance(requestId, transition, now, false);
    }

    @Override
    public boolean markCreateAttempted(String requestId, Instant now) {
        try {
            dynamo.updateItem(u -> u.tableName(requestsTable).key(RequestItems.key(requestId))
                    .updateExpression("SET #attempted = if_not_exists(#attempted, :now)")
                    .conditionExpression("#status = :dispatched")
                    .expressionAttributeNames(Map.of("#attempted", RequestItems.CREATE_ATTEMPTED_AT,
                            "#status", RequestItems.STATUS))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()),
                            ":dispatched", s(RequestStatus.DISPATCHED.wireName()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean cancel(String requestId, Outcome outcome, Instant now) {
        return advance(requestId, Transition.failed(outcome), now, true);
    }

    /** @param onlyBeforeCreate also require that no Kling create was ever attempted (a cancel) */
    private boolean advance(String requestId, Transition transition, Instant now, boolean onlyBeforeCreate) {
        RequestStatus to = transition.to();
        Map<String, String> names = new HashMap<>(Map.of("#status", RequestItems.STATUS,
                "#updated", RequestItems.UPDATED_AT, "#open", RequestItems.OPEN_STATUS,
                "#since", RequestItems.OPEN_SINCE));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.wireName()),
                ":now", n(now.getEpochSecond()),
                ":open", s(to.isTerminal() ? RequestItems.UNSETTLED : to.wireName())));
        // Every move changes the status, so the request enters a new open state (or leaves them) now.
        StringBuilder set = new StringBuilder("SET #status = :to, #updated = :now, #open = :open, #since = :now");
        transition.klingTaskId().ifPresent(id -> append(set, names, values, "task", RequestItems.KLING_TASK_ID, s(id)));
        transition.outcome().ifPresent(o -> append(set, names, values, "outcome", RequestItems.OUTCOME,
                RequestItems.outcome(o)));
        transition.klingUnits().ifPresent(u -> append(set, names, values, "units", RequestItems.KLING_UNITS, s(u)));
        List<String> from = new ArrayList<>();
        for (RequestStatus predecessor : to.predecessors()) {
            from.add(":from_" + predecessor.wireName());
            values.put(":from_" + predecessor.wireName(), s(predecessor.wireName()));
        }
        if (from.isEmpty()) {
            return false;
        }
        String condition = "#status IN (" + String.join(", ", from) + ")";
        if (onlyBeforeCreate) {
            condition = "#status = :from_dispatched AND attribute_not_exists(#attempted)";
            names.put("#attempted", RequestItems.CREATE_ATTEMPTED_AT);
            values.keySet().removeIf(k -> k.startsWith(":from_") && !k.equals(":from_dispatched"));
        }
        String finalCondition = condition;
        try {
            dynamo.updateItem(u -> u.tableName(requestsTable).key(RequestItems.key(requestId))
                    .updateExpression(set.toString())
                    .conditionExpression(finalCondition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static void append(StringBuilder set, Map<String, String> names, Map<String, AttributeValue> values,
                               String alias, String attribute, AttributeValue value) {
        set.append(", #").append(alias).append(" = :").append(alias);
        names.put("#" + alias, attribute);
        values.put(":" + alias, value);
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreBusyException a conflicting transaction or throttling: nothing was written, retry
     */
    @Override
    public boolean settle(Request request, Settlement settlement, Instant now) {
        LedgerEntry entry = settlement.entry(request, now);
        Transaction transaction = new Transaction("settlement of request " + request.requestId())
                .update(Update.builder().tableName(requestsTable).key(RequestItems.key(request.requestId()))
                                .updateExpression("SET #billing = :billing REMOVE #open, #since")
                                .conditionExpression("#billing.#state = :held AND #status = :status")
                                .expressionAttributeNames(Map.of("#billing", RequestItems.BILLING, "#state", "state",
                                        "#open", RequestItems.OPEN_STATUS, "#status", RequestItems.STATUS,
                                        "#since", RequestItems.OPEN_SINCE))
                                .expressionAttributeValues(Map.of(":billing",
                                        RequestItems.billing(settlement.billing()),
                                        ":held", s(BillingState.HELD.wireName()),
                                        ":status", s(request.status().wireName()))).build(),
                        reason -> new AlreadySettled())
                // the entry's id is deterministic: it exists only if this settlement was made
                .put(Put.builder().tableName(accountsTable).item(AccountItems.ledgerEntry(entry))
                                .conditionExpression("attribute_not_exists(" + AccountItems.PK + ")").build(),
                        reason -> new AlreadySettled())
                .update(Update.builder().tableName(accountsTable).key(AccountItems.profileKey(request.accountId()))
                                .updateExpression("ADD #balance :change")
                                .conditionExpression("attribute_exists(#pk)")
                                .expressionAttributeNames(Map.of("#balance", AccountItems.BALANCE,
                                        "#pk", AccountItems.PK))
                                .expressionAttributeValues(Map.of(":change",
                                        n(settlement.balanceChange().micros()))).build(),
                        reason -> new IllegalStateException("account " + request.accountId() + " of request "
                                + request.requestId() + " does not exist"));
        // The voices a success created become the account's, in the same transaction as its money.
        request.ownedVoices(now).forEach(voice -> transaction.put(Put.builder().tableName(accountsTable)
                .item(AccountItems.voice(voice)).build(), Transaction.unexpected("none")));
        try {
            transaction.commit(dynamo, AlreadySettled.class);
            return true;
        } catch (AlreadySettled e) {
            return false;
        }
    }

    /** The settlement was made before (a replay): not an error, the answer of {@link #settle}. */
    private static final class AlreadySettled extends RuntimeException {
        AlreadySettled() {
            super("already settled", null, false, false);
        }
    }

    @Override
    public List<OpenRequest> open(OpenState state, Instant openBefore, int limit) {
        String value = state == OpenState.UNSETTLED ? RequestItems.UNSETTLED : state.name().toLowerCase(Locale.ROOT);
        return dynamo.query(q -> q.tableName(requestsTable).indexName(RequestItems.OPEN_INDEX)
                        .keyConditionExpression("#open = :open AND #since < :before")
                        .expressionAttributeNames(Map.of("#open", RequestItems.OPEN_STATUS,
                                "#since", RequestItems.OPEN_SINCE))
                        .expressionAttributeValues(Map.of(":open", s(value),
                                ":before", n(openBefore.getEpochSecond())))
                        .limit(limit))
                .items().stream().map(item -> new OpenRequest(Attr.string(item, RequestItems.REQUEST_ID),
                        Instant.ofEpochSecond(Attr.number(item, RequestItems.OPEN_SINCE)))).toList();
    }

    @Override
    public boolean recordLateVoices(String requestId, List<String> voiceIds) {
        try {
            dynamo.updateItem(u -> u.tableName(requestsTable).key(RequestItems.key(requestId))
                    .updateExpression("SET #late = :ids")
                    .conditionExpression("attribute_exists(#id) AND attribute_not_exists(#late)")
                    .expressionAttributeNames(Map.of("#late", RequestItems.LATE_VOICE_IDS,
                            "#id", RequestItems.REQUEST_ID))
                    .expressionAttributeValues(Map.of(":ids", AttributeValue.fromL(
                            voiceIds.stream().map(Attr::s).toList()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * One page, newest first. One item more than the page is read, so a cursor is given only when another item
     * follows: a full last page has none (DynamoDB returns a LastEvaluatedKey whenever a query stops at its Limit).
     */
    @Override
    public Page list(String accountId, Optional<RequestStatus> status, int limit, Optional<String> cursor) {
        Map<String, AttributeValue> start = cursor.map(c -> decodeCursor(c, accountId)).orElse(null);
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        while (found.size() <= limit) {
            Map<String, String> names = new HashMap<>(Map.of("#account", RequestItems.ACCOUNT_ID));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":account", s(accountId)));
            QueryRequest.Builder query = QueryRequest.builder().tableName(requestsTable)
                    .indexName(RequestItems.BY_ACCOUNT_INDEX).keyConditionExpression("#account = :account")
                    .scanIndexForward(false).limit(limit + 1 - found.size()).exclusiveStartKey(start);
            if (status.isPresent()) {
                names.put("#status", RequestItems.STATUS);
                values.put(":status", s(status.get().wireName()));
                query.filterExpression("#status = :status");
            }
            QueryResponse page = dynamo.query(query.expressionAttributeNames(names)
                    .expressionAttributeValues(values).build());
            found.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                break;
            }
        }
        List<Map<String, AttributeValue>> shown = found.subList(0, Math.min(limit, found.size()));
        Optional<String> next = found.size() > limit ? Optional.of(encodeCursor(shown.get(shown.size() - 1)))
                : Optional.empty();
        return new Page(shown.stream().map(RequestItems::fromItem).toList(), next);
    }

    /** A cursor names a position (created_at, request_id) in the caller's own listing; the account comes from auth. */
    private static String encodeCursor(Map<String, AttributeValue> lastKey) {
        String text = lastKey.get(RequestItems.CREATED_AT).n() + ":" + lastKey.get(RequestItems.REQUEST_ID).s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor, String accountId) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long createdAt = Long.parseLong(text.substring(0, colon));
            String requestId = text.substring(colon + 1);
            if (requestId.isEmpty() || requestId.length() > 64) {
                throw new InvalidCursorException();
            }
            return Map.of(RequestItems.ACCOUNT_ID, s(accountId), RequestItems.CREATED_AT, n(createdAt),
                    RequestItems.REQUEST_ID, s(requestId));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new InvalidCursorException();
        }
    }
}
