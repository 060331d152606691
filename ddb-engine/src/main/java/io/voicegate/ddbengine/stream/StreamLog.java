package io.voicegate.ddbengine.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one stream, in commit order, in a single shard (AWS may split a stream into several shards; one is
 * a valid stream). The shard stays open while the stream is enabled; disabling the stream (or deleting its table)
 * closes it at its last record, and the stream stays readable for 24 hours, as do its records (developer guide,
 * "Change data capture for DynamoDB Streams": "data in the stream is retained for 24 hours"; API reference
 * "DeleteTable": the stream "goes into the DISABLED state, and the stream is automatically deleted after 24 hours").
 */
public final class StreamLog {

    /** How long records, and a disabled stream, are kept. */
    public static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

    /**
     * What a stream is.
     *
     * @param arn             the stream ARN
     * @param tableName       its table
     * @param label           the stream label (a timestamp)
     * @param viewType        {@code KEYS_ONLY}, {@code NEW_IMAGE}, {@code OLD_IMAGE} or {@code NEW_AND_OLD_IMAGES}
     * @param createdAtMillis when it was enabled, epoch milliseconds
     */
    public record Definition(String arn, String tableName, String label, String viewType, long createdAtMillis) {
    }

    private final Definition definition;
    private final String shardId;
    private final List<StreamRecord> records = new ArrayList<>();
    private long trimmedBefore;
    private long disabledAtMillis = -1;
    private long lastSequence = -1;

    public StreamLog(Definition definition, long firstSequence) {
        this.definition = definition;
        this.trimmedBefore = firstSequence;
        this.shardId = "shardId-00000000000000000001-" + String.format("%08x", definition.arn().hashCode());
    }

    public Definition definition() {
        return definition;
    }

    public String arn() {
        return definition.arn();
    }

    public String label() {
        return definition.label();
    }

    public String viewType() {
        return definition.viewType();
    }

    public String shardId() {
        return shardId;
    }

    public synchronized void append(StreamRecord record) {
        records.add(record);
    }

    /** Closes the shard after {@code lastSequence}: the stream is {@code DISABLED} from {@code atMillis}. */
    public synchronized void disable(long atMillis, long lastSequence) {
        if (disabledAtMillis < 0) {
            disabledAtMillis = atMillis;
            this.lastSequence = lastSequence;
        }
    }

    public synchronized boolean enabled() {
        return disabledAtMillis < 0;
    }

    public synchronized long disabledAtMillis() {
        return disabledAtMillis;
    }

    /** The last sequence the closed shard holds, or -1 while it is open. */
    public synchronized long lastSequence() {
        return lastSequence;
    }

    /** Drops records older than the retention; returns how many. */
    public synchronized int trim(long nowMillis) {
        int n = 0;
        while (!records.isEmpty() && records.get(0).createdAtMillis() < nowMillis - RETENTION_MILLIS) {
            trimmedBefore = records.remove(0).sequence() + 1;
            n++;
        }
        return n;
    }

    /** The lowest sequence still readable: records before it were trimmed. */
    public synchronized long trimHorizon() {
        return records.isEmpty() ? trimmedBefore : records.get(0).sequence();
    }

    /** Up to {@code limit} records with sequence ≥ {@code from}. */
    public synchronized List<StreamRecord> read(long from, int limit) {
        List<StreamRecord> out = new ArrayList<>();
        for (int i = lowerBound(from); i < records.size() && out.size() < limit; i++) {
            out.add(records.get(i));
        }
        return out;
    }

    private int lowerBound(long sequence) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).sequence() < sequence) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
