package dev.parley.media;

import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpLibrary;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpResult;
import dev.parley.media.srtp.SrtpSender;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.DatagramSender;
import dev.parley.media.udp.DropReason;
import dev.parley.media.udp.PacketKind;

/**
 * A connected transport's media path: incoming SRTP/SRTCP verified and decrypted in place and lent to
 * the packet receiver; outgoing RTP/RTCP protected in place and sent over the selected path (UDP or ICE-TCP). Failures are counted per
 * transport and per reason on the port.
 *
 * <p>Threading: confined to the media event loop. Buffer ownership as in {@link PacketReceiver} and
 * {@link MediaTransport#sendRtp}: every buffer is the caller's, lent for the call.
 */
final class SrtpChannel implements AutoCloseable {

    private final SrtpSender sender;
    private final SrtpReceiver receiver;
    private final DatagramSender socket;
    private final DatagramCounters portCounters;
    private final TransportCounters counters;

    /** Takes the keys' material into its contexts and wipes {@code keys}. */
    SrtpChannel(SrtpKeys keys, int maxStreams, SrtpLibrary library, DatagramSender socket, DatagramCounters portCounters,
                TransportCounters counters) {
        this.sender = new SrtpSender(keys, maxStreams, library);
        this.receiver = new SrtpReceiver(keys, maxStreams, library);
        keys.wipe();
        this.socket = socket;
        this.portCounters = portCounters;
        this.counters = counters;
    }

    void receiveRtp(MediaTransport transport, PacketReceiver target, byte[] buf, int off, int len) {
        int plainLength = receiver.unprotectRtp(buf, off, len);
        if (plainLength < 0) {
            failed(plainLength);
        } else if (target == null) {
            counters.rtpReceived(plainLength);
            portCounters.dropped(DropReason.NO_RECEIVER);
        } else {
            counters.rtpReceived(plainLength);
            target.onRtp(transport, buf, off, plainLength);
        }
    }

    void receiveRtcp(MediaTransport transport, PacketReceiver target, byte[] buf, int off, int len) {
        int plainLength = receiver.unprotectRtcp(buf, off, len);
        if (plainLength < 0) {
            failed(plainLength);
        } else if (target == null) {
            counters.rtcpReceived(plainLength);
            portCounters.dropped(DropReason.NO_RECEIVER);
        } else {
            counters.rtcpReceived(plainLength);
            target.onRtcp(transport, buf, off, plainLength);
        }
    }

    boolean sendRtp(byte[] buf, int off, int len, SelectedPath to) {
        int protectedLength = sender.protectRtp(buf, off, len);
        if (protectedLength < 0 || !to.send(socket, buf, off, protectedLength, PacketKind.RTP)) {
            return false;
        }
        counters.rtpSent(protectedLength);
        return true;
    }

    boolean sendRtcp(byte[] buf, int off, int len, SelectedPath to) {
        int protectedLength = sender.protectRtcp(buf, off, len);
        if (protectedLength < 0 || !to.send(socket, buf, off, protectedLength, PacketKind.RTCP)) {
            return false;
        }
        counters.rtcpSent(protectedLength);
        return true;
    }

    void forgetOutbound(int ssrc) {
        sender.forget(ssrc);
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }

    private void failed(int result) {
        counters.srtpFailure();
        portCounters.dropped(switch (result) {
            case SrtpResult.AUTH_FAILED -> DropReason.SRTP_AUTH_FAILED;
            case SrtpResult.REPLAYED -> DropReason.SRTP_REPLAYED;
            default -> DropReason.SRTP_INVALID;
        });
    }
}
