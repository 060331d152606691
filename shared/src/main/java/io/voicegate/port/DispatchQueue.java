package io.voicegate.port;

/** Where submitted requests wait for the dispatch worker. A message is a hint; the request record is the truth. */
public interface DispatchQueue {

    /**
     * @param taskMayExist the request may already have a Kling task (the sweeper re-sending a lost hint): the worker
     *                looks it up before creating one
     * @throws QueueUnavailableException when the message could not be sent
     */
    void enqueue(String requestId, boolean taskMayExist);
}
