package io.voicegate.ddbengine.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one table's stream, in commit order, in a single shard that stays open while the stream exists
 * (AWS may split a stream into several shards; one is a valid stream). Records older than 24 hours are trimmed
 * (developer guide, "Change data capture for DynamoDB Streams": "data in the stream is retained for 24 hours").
 */
public final class StreamLog {

    /** How long records are kept. */
    public static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

    private final String arn;
    private final String label;
    private final String shardId;
    private final String viewType;
    private final List<StreamRecord> records = new ArrayList<>();
    private long trimmedBefore;

    public StreamLog(String arn, String label, String viewType) {
        this.arn = arn;
        this.label = label;
        this.viewType = viewType;
        this.shardId = "shardId-00000000000000000001-" + String.format("%08x", arn.hashCode());
    }

    public String arn() {
        return arn;
    }

    public String label() {
        return label;
    }

    public String shardId() {
        return shardId;
    }

    public String viewType() {
        return viewType;
    }

    public synchronized void append(StreamRecord record) {
        records.add(record);
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

    /** The first sequence number of the shard, or null when it has no record yet. */
    public synchronized StreamRecord first() {
        return records.isEmpty() ? null : records.get(0);
    }

    /** Up to {@code limit} records with sequence ≥ {@code from}. */
    public synchronized List<StreamRecord> read(long from, int limit) {
        List<StreamRecord> out = new ArrayList<>();
        int i = lowerBound(from);
        for (; i < records.size() && out.size() < limit; i++) {
            out.add(records.get(i));
        }
        return out;
    }

    /** True when a record with exactly this sequence is held. */
    public synchronized boolean contains(long sequence) {
        int i = lowerBound(sequence);
        return i < records.size() && records.get(i).sequence() == sequence;
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

    public synchronized List<StreamRecord> all() {
        return List.copyOf(records);
    }
}
