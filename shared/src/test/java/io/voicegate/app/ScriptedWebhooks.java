package io.voicegate.app;

import io.voicegate.port.WebhookSender;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A {@link WebhookSender} that answers from a script: each queued answer is an HTTP status, or -1 for "unreachable";
 * when the script is empty it answers 200. Keeps the headers of every POST.
 */
public class ScriptedWebhooks implements WebhookSender {

    private final Deque<Integer> answers = new ArrayDeque<>();
    public final List<Map<String, String>> posts = new ArrayList<>();

    public synchronized ScriptedWebhooks answer(Integer... statuses) {
        answers.addAll(List.of(statuses));
        return this;
    }

    @Override
    public synchronized int post(URI url, Map<String, String> headers, String body) {
        posts.add(Map.copyOf(headers));
        int status = answers.isEmpty() ? 200 : answers.poll();
        if (status < 0) {
            throw new UnreachableException("connection refused", null);
        }
        return status;
    }
}
