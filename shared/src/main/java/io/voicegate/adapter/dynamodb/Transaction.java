package io.voicegate.adapter.dynamodb;

import io.voicegate.port.StoreBusyException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One {@code TransactWriteItems} call in which every conditional write says what its failed condition means, so a
 * cancellation is translated by which condition failed (its {@code CancellationReason}, carrying the item as it was
 * when the write asked for {@code ReturnValuesOnConditionCheckFailure: ALL_OLD}), never by where a write sits in the
 * list. One failed condition means one exception type. A cancellation in which no condition failed
 * ({@code TransactionConflict}: another transaction held an item; {@code ThrottlingError},
 * {@code ProvisionedThroughputExceeded}) wrote nothing and is a {@link StoreBusyException}, as is throttling that
 * outlasted the SDK's retries (DynamoDB API reference, TransactWriteItems, "Errors").
 */
final class Transaction {

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    /** Cancellation codes of a transaction that wrote nothing for a reason unrelated to its conditions. */
    private static final Set<String> BUSY = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "None");

    /** What one write's failed condition means: the exception its caller hears, given the reason. */
    @FunctionalInterface
    interface Meaning {
        RuntimeException of(CancellationReason reason);
    }

    private record Write(TransactWriteItem item, Meaning meaning) {
    }

    private final List<Write> writes = new ArrayList<>();
    private final String what;

    /** @param what the transaction in a few words, for the messages of the exceptions it throws */
    Transaction(String what) {
        this.what = what;
    }

    Transaction put(Put put, Meaning meaning) {
        writes.add(new Write(TransactWriteItem.builder().put(put).build(), meaning));
        return this;
    }

    Transaction update(Update update, Meaning meaning) {
        writes.add(new Write(TransactWriteItem.builder().update(update).build(), meaning));
        return this;
    }

    Transaction delete(Delete delete, Meaning meaning) {
        writes.add(new Write(TransactWriteItem.builder().delete(delete).build(), meaning));
        return this;
    }

    Transaction check(ConditionCheck check, Meaning meaning) {
        writes.add(new Write(TransactWriteItem.builder().conditionCheck(check).build(), meaning));
        return this;
    }

    /**
     * Writes all or nothing.
     *
     * @param precedence when several conditions fail, the exception types in the order the caller is told of them
     *                   (what the client should fix first); types not listed come after, in the order of the writes
     * @throws RuntimeException     the meaning of a failed condition
     * @throws StoreBusyException   nothing was written because of a conflict or throttling
     * @throws DynamoDbException    anything else (a bug, or an outcome that may or may not have been written)
     */
    @SafeVarargs
    final void commit(DynamoDbClient dynamo, Class<? extends RuntimeException>... precedence) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes.stream().map(Write::item).toList()));
        } catch (TransactionCanceledException e) {
            throw translate(e, List.of(precedence));
        } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
            throw new StoreBusyException(what + ": throttled", e);
        } catch (DynamoDbException e) {
            if (e.awsErrorDetails() != null && "ThrottlingException".equals(e.awsErrorDetails().errorCode())) {
                throw new StoreBusyException(what + ": throttled", e);
            }
            throw e;
        }
    }

    private RuntimeException translate(TransactionCanceledException e,
                                       List<Class<? extends RuntimeException>> precedence) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        RuntimeException chosen = null;
        int chosenRank = Integer.MAX_VALUE;
        for (int i = 0; i < Math.min(reasons.size(), writes.size()); i++) {
            CancellationReason reason = reasons.get(i);
            if (!CONDITION_FAILED.equals(reason.code())) {
                continue;
            }
            RuntimeException meaning = writes.get(i).meaning().of(reason);
            int listed = precedence.indexOf(meaning.getClass());
            int rank = listed >= 0 ? listed : precedence.size() + i;
            if (rank < chosenRank) {
                chosen = meaning;
                chosenRank = rank;
            }
        }
        if (chosen != null) {
            return chosen;
        }
        if (!reasons.isEmpty() && reasons.stream().allMatch(r -> BUSY.contains(r.code()))) {
            return new StoreBusyException(what + ": " + reasons.stream().map(CancellationReason::code)
                    .filter(code -> !"None".equals(code)).distinct().toList(), e);
        }
        return e;
    }

    /** A write whose condition can only fail through a bug or a concurrent operator change. */
    static Meaning unexpected(String condition) {
        return reason -> new IllegalStateException("condition failed: " + condition);
    }
}
