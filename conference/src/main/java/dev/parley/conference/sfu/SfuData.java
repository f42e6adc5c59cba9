package dev.parley.conference.sfu;

import dev.parley.media.datachannel.DataChannel;
import dev.parley.media.datachannel.DataChannels;
import dev.parley.media.datachannel.DcepOpen;
import dev.parley.media.sctp.SctpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * One transport's data channels (RFC 8831) in a room, the SFU as DTLS server: the SCTP association the peer starts
 * over DTLS, the channels it opens (a publisher's messages are relayed by the room, {@link SfuRoom#relayData}), and
 * the channels Parley opens towards a subscriber to deliver what publishers sent, one per publisher and label: the
 * channel has the publisher's label, and its sub-protocol (RFC 8832 §5.1) is the publisher's feed id, which is how a
 * receiver tells who sent a message. Everything on the media loop.
 */
final class SfuData implements DataChannels.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SfuData.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Channels one transport may have open at once. */
    static final int MAX_CHANNELS = 64;

    private final SfuPeer peer;
    private final DataChannels channels;
    private final long remoteMaxMessageSize;

    /** @param remoteMaxMessageSize the peer's {@code a=max-message-size} (RFC 8841 §6; 0: no limit) */
    SfuData(SfuPeer peer, SctpSettings settings, long remoteMaxMessageSize) {
        this.peer = peer;
        this.remoteMaxMessageSize = remoteMaxMessageSize;
        this.channels = new DataChannels(settings, true, MAX_CHANNELS, peer.transport::sendApplicationData, this,
                RANDOM);
    }

    void receive(byte[] data, long now) {
        channels.receive(data, 0, data.length, now);
    }

    void tick(long now) {
        channels.tick(now);
    }

    /**
     * Delivers a publisher's message on this transport's channel for its label and sender, opening the channel with
     * the publisher's reliability first if there is none. Returns false when it was dropped.
     */
    boolean deliver(DcepOpen origin, String senderId, boolean binary, byte[] data, long now) {
        if (remoteMaxMessageSize > 0 && data.length > remoteMaxMessageSize) {
            return false;
        }
        DataChannel channel = null;
        for (DataChannel open : channels.channels()) {
            if (open.label().equals(origin.label()) && open.parameters().protocol().equals(senderId)) {
                channel = open;
                break;
            }
        }
        if (channel == null) {
            channel = channels.open(new DcepOpen(origin.label(), senderId, origin.priority(), origin.reliability()), now);
        }
        return channel != null && channels.send(channel, binary, data, now);
    }

    @Override
    public void onReady() {
        LOG.debug("{}: data channels ready", peer);
    }

    @Override
    public void onChannelOpened(DataChannel channel) {
        LOG.debug("{}: {} opened", peer, channel);
    }

    @Override
    public void onMessage(DataChannel channel, boolean binary, byte[] data) {
        if (peer instanceof SfuPublisher publisher) {
            peer.room.relayData(publisher, channel.parameters(), binary, data);
        } else {
            peer.room.dataDropped(); // subscribers receive; what they send on their channels goes nowhere (as in Janus)
        }
    }

    @Override
    public void onChannelClosed(DataChannel channel) {
        LOG.debug("{}: {} closed", peer, channel);
    }

    @Override
    public void onClosed(String reason) {
        LOG.info("{}: data channels ended: {}", peer, Objects.requireNonNullElse(reason, "closed"));
    }
}
