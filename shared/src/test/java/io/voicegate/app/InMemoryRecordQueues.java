package io.voicegate.app;

import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.RecordQueues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link RecordQueues} in memory: accounts' queues by URL, each a list of (request id, record). */
public final class InMemoryRecordQueues implements RecordQueues {

    private final Map<String, List<Map.Entry<String, String>>> queues = new LinkedHashMap<>();

    /** Creates a queue; a send to a URL never created fails as SQS's does for a queue that does not exist. */
    public synchronized String create(String name) {
        String url = "https://sqs.local.example/000000000000/" + name;
        queues.putIfAbsent(url, new ArrayList<>());
        return url;
    }

    @Override
    public synchronized void send(String queueUrl, String requestId, String record) {
        List<Map.Entry<String, String>> queue = queues.get(queueUrl);
        if (queue == null) {
            throw new QueueUnavailableException("no queue " + queueUrl, null);
        }
        queue.add(Map.entry(requestId, record));
    }

    public synchronized List<Map.Entry<String, String>> received(String queueUrl) {
        return List.copyOf(queues.getOrDefault(queueUrl, List.of()));
    }
}
