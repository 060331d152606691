package io.voicegate.adapter.dynamodb;

import io.voicegate.app.RequestLogContext;
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
import io.voicegate.domain.kling.KlingUnits;
import io.voicegate.port.RequestStore;
import io.voicegate.port.StoreBusyException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/** {@link RequestStore} on the {@code requests} table; the submit transaction also touches {@code accounts}. */
public class DynamoRequestStore implements RequestStore {

    /** Keys read from an index per query when its items are filtered after reading. */
    private static final int KEYS_PAGE = 100;

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
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Request request = RequestItems.fromItem(item);
        RequestLogContext.read(request.requestId(), request.accountId());
        return Optional.of(request);
    }

    @Override
    public boolean advance(String requestId, Transition transition, Instant now) {
        return advance(requestId, transition, now, false).moved();
    }

    @Override
    public Advance tryAdvance(String requestId, Transition transition, Instant now) {
        return advance(requestId, transition, now, false);
    }

    @Override
    public Optional<Request> markCreateAttempted(String requestId, Instant now) {
        try {
            return Optional.of(RequestItems.fromItem(dynamo.updateItem(u -> u.tableName(requestsTable)
                    .key(RequestItems.key(requestId))
                    .updateExpression("SET #attempted = if_not_exists(#attempted, :now)")
                    .conditionExpression("#status = :dispatched")
                    .expressionAttributeNames(Map.of("#attempted", RequestItems.CREATE_ATTEMPTED_AT,
                            "#status", RequestItems.STATUS))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()),
                            ":dispatched", s(RequestStatus.DISPATCHED.wireName())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean cancel(String requestId, Outcome outcome, Instant now) {
        return advance(requestId, Transition.failed(outcome), now, true).moved();
    }

    /**
     * One conditional write; a refusal returns the item as it is (ReturnValuesOnConditionCheckFailure), which costs
     * nothing more, so callers that did not read the request first learn why.
     *
     * @param onlyBeforeCreate also require that no Kling create was ever attempted (a cancel)
     */
    private Advance advance(String requestId, Transition transition, Instant now, boolean onlyBeforeCreate) {
        RequestStatus to = transition.to();
        Map<String, String> names = new HashMap<>(Map.of("#status", RequestItems.STATUS,
                "#updated", RequestItems.UPDATED_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.wireName()),
                ":now", n(now.getEpochSecond())));
        // The open index's key stays as the submit set it: a status change writes no index entry.
        StringBuilder set = new StringBuilder("SET #status = :to, #updated = :now");
        transition.klingTaskId().ifPresent(id -> append(set, names, values, "task", RequestItems.KLING_TASK_ID, s(id)));
        transition.outcome().ifPresent(o -> append(set, names, values, "outcome", RequestItems.OUTCOME,
                RequestItems.outcome(o)));
        transition.klingUnits().ifPresent(u -> append(set, names, values, "units", RequestItems.KLING_UNITS,
                s(KlingUnits.text(u))));
        List<String> from = new ArrayList<>();
        for (RequestStatus predecessor : to.predecessors()) {
            from.add(":from_" + predecessor.wireName());
            values.put(":from_" + predecessor.wireName(), s(predecessor.wireName()));
        }
        if (from.isEmpty()) {
            return Advance.refused(find(requestId));
        }
        String condition = "#status IN (" + String.join(", ", from) + ")";
        if (transition.klingTaskId().isPresent()) {
            // A task's news applies only to the request that has no task yet or has this one.
            condition += " AND (attribute_not_exists(#task) OR #task = :task)";
        }
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
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Advance.made();
        } catch (ConditionalCheckFailedException e) {
            return Advance.refused(e.hasItem() && !e.item().isEmpty() ? Optional.of(RequestItems.fromItem(e.item()))
                    : Optional.empty());
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
    public Settle settle(Request request, Settlement settlement, Instant now) {
        try {
            return settle(request, settlement, now, settlement.releasedName());
        } catch (VoiceNameHeldElsewhere e) {
            // Another request holds the name now (claimed after this one let it go): theirs to keep.
            return settle(request, settlement, now, Optional.empty());
        }
    }

    private Settle settle(Request request, Settlement settlement, Instant now, Optional<String> releasedName) {
        LedgerEntry entry = settlement.entry(request, now);
        Transaction transaction = new Transaction("settlement of request " + request.requestId())
                .update(Update.builder().tableName(requestsTable)
                        .key(RequestItems.key(request.requestId()))
                        .updateExpression("SET #billing = :billing REMOVE #open, #since")
                        .conditionExpression("#billing.#state = :held AND #status = :status")
                        .expressionAttributeNames(Map.of("#billing", RequestItems.BILLING, "#state", "state",
                                "#open", RequestItems.OPEN_STATUS, "#status", RequestItems.STATUS,
                                "#since", RequestItems.OPEN_SINCE))
                        .expressionAttributeValues(Map.of(":billing", RequestItems.billing(settlement.billing()),
                                ":held", s(BillingState.HELD.wireName()),
                                ":status", s(request.status().wireName())))
                        // a replay learns, from the refusal, the request as it is: nothing to read first
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build(), reason -> new SettledAlready(reason.hasItem() && !reason.item().isEmpty()
                        ? Optional.of(RequestItems.fromItem(reason.item())) : Optional.empty()))
                .put(Put.builder().tableName(accountsTable)
                        .item(AccountItems.ledgerEntry(entry))
                        .conditionExpression("attribute_not_exists(" + AccountItems.PK + ")").build(),
                        Transaction.unexpected("ledger entry " + entry.entryId() + " is new while request "
                                + request.requestId() + " still holds its money"))
                .update(Update.builder().tableName(accountsTable)
                        .key(AccountItems.profileKey(request.accountId()))
                        .updateExpression("ADD #balance :change")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#balance", AccountItems.BALANCE, "#pk", AccountItems.PK))
                        .expressionAttributeValues(Map.of(":change", n(settlement.balanceChange().micros())))
                        .build(), Transaction.unexpected("account " + request.accountId() + " of request "
                        + request.requestId() + " exists"));
        // The voices a success created become the account's, in the same transaction as its money.
        settlement.voices().forEach(voice -> transaction.put(Put.builder().tableName(accountsTable)
                .item(AccountItems.voice(voice)).build(), Transaction.unexpected("none (an unconditional put)")));
        releasedName.ifPresent(name -> transaction.delete(Delete.builder().tableName(accountsTable)
                .key(AccountItems.voiceNameKey(request.accountId(), name))
                .conditionExpression("attribute_not_exists(#pk) OR #request = :request")
                .expressionAttributeNames(Map.of("#pk", AccountItems.PK, "#request", AccountItems.REQUEST_ID))
                .expressionAttributeValues(Map.of(":request", s(request.requestId()))).build(),
                reason -> new VoiceNameHeldElsewhere()));
        try {
            // When the request is settled already, that is what the caller hears, whatever else failed with it.
            transaction.commit(dynamo, SettledAlready.class, VoiceNameHeldElsewhere.class);
            return new Settle(true, Optional.of(request.settledAs(settlement.billing())));
        } catch (SettledAlready e) {
            return new Settle(false, e.request);
        }
    }

    /** The request's money is settled already (a replay): the request's own condition failed. */
    private static final class SettledAlready extends RuntimeException {
        private final Optional<Request> request;

        SettledAlready(Optional<Request> request) {
            super(null, null, false, false);
            this.request = request;
        }
    }

    /** The voice-name claim a settlement would free belongs to another request. */
    private static final class VoiceNameHeldElsewhere extends RuntimeException {
        VoiceNameHeldElsewhere() {
            super(null, null, false, false);
        }
    }

    /**
     * The open index holds every open request once, by creation time, whatever its state: the requests created
     * before {@code openBefore} (a superset, as a request enters its state at or after its creation) are read from the
     * table and kept when they are in {@code state} and entered it before {@code openBefore} (their {@code updated_at}
     * for processing and unsettled ones).
     */
    @Override
    public List<OpenRequest> open(OpenState state, Instant openBefore, int limit) {
        List<OpenRequest> found = new ArrayList<>();
        for (String key : RequestItems.OPEN_KEYS) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(q -> q.tableName(requestsTable).indexName(RequestItems.OPEN_INDEX)
                        .keyConditionExpression("#open = :open AND #since < :before")
                        .expressionAttributeNames(Map.of("#open", RequestItems.OPEN_STATUS,
                                "#since", RequestItems.OPEN_SINCE))
                        .expressionAttributeValues(Map.of(":open", s(key),
                                ":before", n(openBefore.getEpochSecond())))
                        .limit(KEYS_PAGE).exclusiveStartKey(from));
                for (Map<String, AttributeValue> item : BatchReads.items(dynamo, requestsTable,
                        List.of(RequestItems.REQUEST_ID), page.items())) {
                    Request request = RequestItems.fromItem(item);
                    since(state, request).filter(since -> since.isBefore(openBefore))
                            .ifPresent(since -> found.add(new OpenRequest(request.requestId(), since)));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null && found.size() < limit);
        }
        found.sort(java.util.Comparator.comparing(OpenRequest::since));
        return List.copyOf(found.subList(0, Math.min(limit, found.size())));
    }

    /** When the request entered {@code state}, if it is in it now. */
    private static Optional<Instant> since(OpenState state, Request request) {
        return switch (state) {
            case DISPATCHED -> request.status() == RequestStatus.DISPATCHED ? Optional.of(request.createdAt())
                    : Optional.empty();
            case PROCESSING -> request.status() == RequestStatus.PROCESSING ? Optional.of(request.updatedAt())
                    : Optional.empty();
            case UNSETTLED -> request.status().isTerminal() && request.billing().state() == BillingState.HELD
                    ? Optional.of(request.updatedAt()) : Optional.empty();
        };
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
        List<Request> found = new ArrayList<>();
        while (found.size() <= limit) {
            Map<String, AttributeValue> from = start;
            // Without a filter the page is the keys needed; with one, a fuller page of keys, as some will not match.
            int keys = status.isPresent() ? KEYS_PAGE : limit + 1 - found.size();
            QueryResponse page = dynamo.query(q -> q.tableName(requestsTable).indexName(RequestItems.BY_ACCOUNT_INDEX)
                    .keyConditionExpression("#account = :account")
                    .expressionAttributeNames(Map.of("#account", RequestItems.ACCOUNT_ID))
                    .expressionAttributeValues(Map.of(":account", s(accountId)))
                    .scanIndexForward(false).limit(keys).exclusiveStartKey(from));
            BatchReads.items(dynamo, requestsTable, List.of(RequestItems.REQUEST_ID), page.items()).stream()
                    .map(RequestItems::fromItem).filter(r -> status.map(r.status()::equals).orElse(true))
                    .forEach(found::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                break;
            }
        }
        List<Request> shown = found.subList(0, Math.min(limit, found.size()));
        Optional<String> next = found.size() > limit ? Optional.of(encodeCursor(shown.get(shown.size() - 1)))
                : Optional.empty();
        return new Page(List.copyOf(shown), next);
    }

    /** A cursor names a position (created_at, request_id) in the caller's own listing; the account comes from auth. */
    private static String encodeCursor(Request last) {
        String text = last.createdAt().getEpochSecond() + ":" + last.requestId();
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
