package dev.parley.conference.janus;

/**
 * A request the core refuses, with the Janus error to answer it with. Carries the request's transaction and session
 * when they could be read, so that the client can match the error to its request.
 */
public final class JanusException extends Exception {

    private final JanusError error;
    private final String transaction;
    private final long sessionId;

    public JanusException(JanusError error, String reason) {
        this(error, reason, null, 0);
    }

    public JanusException(JanusError error, String reason, String transaction, long sessionId) {
        super(reason, null, false, false);
        this.error = error;
        this.transaction = transaction;
        this.sessionId = sessionId;
    }

    public JanusError error() {
        return error;
    }

    public String transaction() {
        return transaction;
    }

    public long sessionId() {
        return sessionId;
    }

    /** The same error attributed to a request. */
    public JanusException of(String requestTransaction, long requestSession) {
        return new JanusException(error, getMessage(), requestTransaction, requestSession);
    }

    public JanusMessage.Error reply() {
        return new JanusMessage.Error(transaction, sessionId, error.code(), getMessage());
    }
}
