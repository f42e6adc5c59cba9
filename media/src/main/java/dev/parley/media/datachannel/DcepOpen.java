package dev.parley.media.datachannel;

import dev.parley.media.sctp.Reliability;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * DATA_CHANNEL_OPEN (RFC 8832 §5.1): the channel's label, sub-protocol, priority and reliability. The channel
 * type's high bit means unordered; its low bits say which partial reliability the parameter counts
 * (retransmissions, or a lifetime in milliseconds).
 */
public record DcepOpen(String label, String protocol, int priority, Reliability reliability) {

    static final int MESSAGE_TYPE_OPEN = 0x03;
    static final int MESSAGE_TYPE_ACK = 0x02;
    /** Labels and protocols longer than this (in UTF-8) are refused: nothing legitimate needs more. */
    public static final int MAX_TEXT_BYTES = 1024;
    private static final int RELIABLE = 0x00;
    private static final int PARTIAL_REXMIT = 0x01;
    private static final int PARTIAL_TIMED = 0x02;
    private static final int UNORDERED = 0x80;

    /** The message, or null when it is malformed, of an unknown channel type, or its texts are too long. */
    static DcepOpen parse(byte[] data) {
        if (data.length < 12 || (data[0] & 0xff) != MESSAGE_TYPE_OPEN) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
        int type = in.get() & 0xff;
        int priority = in.getShort() & 0xffff;
        long parameter = in.getInt() & 0xffffffffL;
        int labelLength = in.getShort() & 0xffff;
        int protocolLength = in.getShort() & 0xffff;
        if (labelLength > MAX_TEXT_BYTES || protocolLength > MAX_TEXT_BYTES
                || 12 + labelLength + protocolLength != data.length) {
            return null;
        }
        boolean unordered = (type & UNORDERED) != 0;
        Reliability reliability = switch (type & ~UNORDERED) {
            case RELIABLE -> new Reliability(unordered, -1, -1);
            case PARTIAL_REXMIT -> new Reliability(unordered, (int) Math.min(parameter, Integer.MAX_VALUE), -1);
            case PARTIAL_TIMED -> new Reliability(unordered, -1, TimeUnit.MILLISECONDS.toNanos(parameter));
            default -> null;
        };
        if (reliability == null) {
            return null;
        }
        String label = new String(data, 12, labelLength, StandardCharsets.UTF_8);
        String protocol = new String(data, 12 + labelLength, protocolLength, StandardCharsets.UTF_8);
        return new DcepOpen(label, protocol, priority, reliability);
    }

    byte[] encode() {
        byte[] label = this.label.getBytes(StandardCharsets.UTF_8);
        byte[] protocol = this.protocol.getBytes(StandardCharsets.UTF_8);
        int type = reliability.unordered() ? UNORDERED : 0;
        long parameter = 0;
        if (reliability.maxRetransmissions() >= 0) {
            type |= PARTIAL_REXMIT;
            parameter = reliability.maxRetransmissions();
        } else if (reliability.lifetimeNanos() >= 0) {
            type |= PARTIAL_TIMED;
            parameter = TimeUnit.NANOSECONDS.toMillis(reliability.lifetimeNanos());
        }
        return ByteBuffer.allocate(12 + label.length + protocol.length).put((byte) MESSAGE_TYPE_OPEN).put((byte) type)
                .putShort((short) priority).putInt((int) parameter).putShort((short) label.length)
                .putShort((short) protocol.length).put(label).put(protocol).array();
    }
}
