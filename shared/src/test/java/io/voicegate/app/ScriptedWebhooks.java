package io.voicegate.app;

import io.voicegate.port.WebhookSender;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A {@link WebhookSender} that answers from a script: each queued answer is an HTTP status, -1 for "unreachable" or
 * -2 for "target refused" (not a public address: nothing is sent); when the script is empty it answers 200. Keeps the
 * headers and body of every POST that was sent.
 */
public class ScriptedWebhooks implements WebhookSender {

    private final Deque<Integer> answers = new ArrayDeque<>();
    public final List<Map<String, String>> posts = new ArrayList<>();
    public final List<String> bodies = new ArrayList<>();
    /** Runs once, inside the next POST, before it is answered (e.g. another attempt overtaking this one). */
    public Runnable duringNextPost = () -> { };

    public synchronized ScriptedWebhooks answer(Integer... statuses) {
        answers.addAll(List.of(statuses));
        return this;
    }

    @Override
    public synchronized int post(URI url, Map<String, String> headers, String body) {
        Runnable during = duringNextPost;
        duringNextPost = () -> { };
        during.run();
        int status = answers.isEmpty() ? 200 : answers.poll();
        if (status == -2) {
            throw new TargetRefusedException("scripted: " + url.getHost() + " is not a public address");
        }
        posts.add(Map.copyOf(headers));
        bodies.add(body);
        if (status < 0) {
            throw new UnreachableException("connection refused", null);
        }
        return status;
    }
}
