package dev.parley.media.datachannel;

/**
 * One data channel: a stream of the association in both directions (RFC 8831 §6.5), with what its
 * DATA_CHANNEL_OPEN said. {@code open} turns true when the peer acknowledged ours, or at once for one the peer
 * opened; {@code closed} once either side reset its stream.
 */
public final class DataChannel {

    private final int stream;
    private final DcepOpen parameters;
    private boolean acknowledged;
    private boolean closed;

    DataChannel(int stream, DcepOpen parameters, boolean acknowledged) {
        this.stream = stream;
        this.parameters = parameters;
        this.acknowledged = acknowledged;
    }

    public int stream() {
        return stream;
    }

    public String label() {
        return parameters.label();
    }

    public DcepOpen parameters() {
        return parameters;
    }

    /** Whether the peer acknowledged the open (until then messages go ordered, RFC 8832 §6). */
    public boolean acknowledged() {
        return acknowledged;
    }

    public boolean closed() {
        return closed;
    }

    void acknowledge() {
        acknowledged = true;
    }

    void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "data channel " + stream + " '" + label() + "'";
    }
}
