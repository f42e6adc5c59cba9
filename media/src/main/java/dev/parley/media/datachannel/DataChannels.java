package dev.parley.media.datachannel;

import dev.parley.media.sctp.Reliability;
import dev.parley.media.sctp.SctpAssociation;
import dev.parley.media.sctp.SctpOutput;
import dev.parley.media.sctp.SctpSettings;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The data channels of one SCTP association: channels the peer opens are acknowledged (RFC 8832 §6), ours are
 * opened on streams of our parity (the DTLS server takes odd ones, RFC 8832 §6), messages are sent and received
 * with the payload protocol identifiers of RFC 8831 §8, and a channel closes by resetting its stream in both
 * directions (RFC 8831 §6.7). At most {@code maxChannels} channels are open at once; opens beyond it are refused
 * by resetting their stream.
 *
 * <p>Not thread-safe: one thread drives it, as it does the association.
 */
public final class DataChannels implements SctpAssociation.Listener {

    /** Events, on the driving thread. */
    public interface Listener {
        /** The SCTP association is up: channels may be opened. */
        void onReady();

        /** The peer opened a channel (already acknowledged). */
        void onChannelOpened(DataChannel channel);

        /** A message on a channel; the array is the listener's. */
        void onMessage(DataChannel channel, boolean binary, byte[] data);

        void onChannelClosed(DataChannel channel);

        /** The association ended; every channel with it. */
        void onClosed(String reason);
    }

    /** RFC 8831 §8 payload protocol identifiers. */
    static final long PPID_DCEP = 50;
    static final long PPID_STRING = 51;
    static final long PPID_BINARY = 53;
    static final long PPID_STRING_EMPTY = 56;
    static final long PPID_BINARY_EMPTY = 57;
    /** The port both sides use in WebRTC ({@code a=sctp-port:5000}, RFC 8841 §5). */
    public static final int SCTP_PORT = 5000;

    private final SctpAssociation association;
    private final boolean oddStreams;
    private final int maxChannels;
    private final Listener listener;
    private final Map<Integer, DataChannel> channels = new HashMap<>();
    private long refusedOpens;
    private long droppedMessages;
    /** The time of the packet or tick being handled, for what the association's events make us send. */
    private long now;

    /**
     * @param dtlsServer  whether this side is the DTLS server (it then opens channels on odd streams)
     * @param maxChannels channels open at once, at most
     */
    public DataChannels(SctpSettings settings, boolean dtlsServer, int maxChannels, SctpOutput output,
            Listener listener, SecureRandom random) {
        this.association = new SctpAssociation(settings, SCTP_PORT, SCTP_PORT, output, this, random);
        this.oddStreams = dtlsServer;
        this.maxChannels = maxChannels;
        this.listener = listener;
    }

    public SctpAssociation association() {
        return association;
    }

    public Collection<DataChannel> channels() {
        return Collections.unmodifiableCollection(channels.values());
    }

    /** Opens from the peer refused (too many channels, malformed, stream taken). */
    public long refusedOpens() {
        return refusedOpens;
    }

    /** Messages dropped: on no open channel, with a deprecated or unknown payload identifier. */
    public long droppedMessages() {
        return droppedMessages;
    }

    /** The open channel with this label, if any (the first found when several share it). */
    public DataChannel find(String label) {
        for (DataChannel channel : channels.values()) {
            if (channel.label().equals(label)) {
                return channel;
            }
        }
        return null;
    }

    /**
     * Opens a channel on a free stream of our parity. Returns null when the association is not up, the channel
     * limit is reached or no stream is free.
     */
    public DataChannel open(DcepOpen parameters, long now) {
        if (association.state() != SctpAssociation.State.ESTABLISHED || channels.size() >= maxChannels) {
            return null;
        }
        for (int stream = oddStreams ? 1 : 0; stream < association.outboundStreams(); stream += 2) {
            if (!channels.containsKey(stream)) {
                DataChannel channel = new DataChannel(stream, parameters, false);
                // The open goes reliably and in order, so that it arrives before the channel's first message.
                if (!association.send(stream, PPID_DCEP, parameters.encode(), Reliability.RELIABLE, now)) {
                    return null;
                }
                channels.put(stream, channel);
                return channel;
            }
        }
        return null;
    }

    /**
     * Sends a message on a channel: text (UTF-8) or binary, empty ones as RFC 8831 §6.6 says. Returns false when the
     * channel is closed or the association's send queue has no room.
     *
     * @throws IllegalArgumentException for a message larger than the association allows
     */
    public boolean send(DataChannel channel, boolean binary, byte[] data, long now) {
        if (channel.closed() || association.state() != SctpAssociation.State.ESTABLISHED) {
            return false;
        }
        long ppid = binary ? (data.length == 0 ? PPID_BINARY_EMPTY : PPID_BINARY)
                : (data.length == 0 ? PPID_STRING_EMPTY : PPID_STRING);
        byte[] payload = data.length == 0 ? new byte[1] : data;
        Reliability reliability = channel.parameters().reliability();
        if (!channel.acknowledged()) {
            reliability = new Reliability(false, reliability.maxRetransmissions(), reliability.lifetimeNanos());
        }
        return association.send(channel.stream(), ppid, payload, reliability, now);
    }

    /** Closes a channel: its outgoing stream is reset, and the peer resets its own in turn (RFC 8831 §6.7). */
    public void close(DataChannel channel, long now) {
        if (channel.closed()) {
            return;
        }
        channel.close();
        association.resetStreams(new int[] {channel.stream()}, now);
    }

    public void receive(byte[] buf, int off, int len, long now) {
        this.now = now;
        association.receive(buf, off, len, now);
    }

    public void tick(long now) {
        this.now = now;
        association.tick(now);
    }

    // ---- SctpAssociation.Listener

    @Override
    public void onEstablished() {
        listener.onReady();
    }

    @Override
    public void onMessage(int stream, long ppid, byte[] data) {
        DataChannel channel = channels.get(stream);
        if (ppid == PPID_DCEP) {
            onDcep(stream, channel, data);
            return;
        }
        if (channel == null || channel.closed()) {
            droppedMessages++;
            return;
        }
        // A message from the peer on a channel we opened is an implicit acknowledgement (RFC 8832 §6).
        channel.acknowledge();
        if (ppid == PPID_STRING || ppid == PPID_BINARY) {
            listener.onMessage(channel, ppid == PPID_BINARY, data);
        } else if (ppid == PPID_STRING_EMPTY || ppid == PPID_BINARY_EMPTY) {
            listener.onMessage(channel, ppid == PPID_BINARY_EMPTY, new byte[0]);
        } else {
            droppedMessages++; // 52 and 54, the deprecated partial messages, and anything unknown
        }
    }

    private void onDcep(int stream, DataChannel channel, byte[] data) {
        if (data.length == 1 && (data[0] & 0xff) == DcepOpen.MESSAGE_TYPE_ACK) {
            if (channel != null) {
                channel.acknowledge();
            }
            return;
        }
        DcepOpen open = DcepOpen.parse(data);
        // Only an established association acknowledges: one shutting down (the peer's SHUTDOWN may come first, even
        // in the same packet) sends nothing new, so the open is refused (its stream reset is not sent either).
        if (open == null || channel != null || channels.size() >= maxChannels
                || stream >= association.outboundStreams()
                || association.state() != SctpAssociation.State.ESTABLISHED) {
            refusedOpens++;
            if (channel == null) {
                association.resetStreams(new int[] {stream}, now);
            }
            return;
        }
        if (!association.send(stream, PPID_DCEP, new byte[] {(byte) DcepOpen.MESSAGE_TYPE_ACK}, Reliability.RELIABLE,
                now)) {
            // The send queue is full (the peer acknowledges nothing): an open that cannot be acknowledged is refused
            // with a stream reset, rather than left open on this side only.
            refusedOpens++;
            association.resetStreams(new int[] {stream}, now);
            return;
        }
        DataChannel opened = new DataChannel(stream, open, true);
        channels.put(stream, opened);
        listener.onChannelOpened(opened);
    }

    @Override
    public void onIncomingStreamsReset(int[] streams) {
        for (int stream : streams) {
            DataChannel channel = channels.remove(stream);
            if (channel == null) {
                continue;
            }
            if (!channel.closed()) {
                channel.close();
                association.resetStreams(new int[] {stream}, now);
            }
            listener.onChannelClosed(channel);
        }
    }

    @Override
    public void onClosed(String reason) {
        for (DataChannel channel : channels.values()) {
            channel.close();
        }
        channels.clear();
        listener.onClosed(reason);
    }
}
