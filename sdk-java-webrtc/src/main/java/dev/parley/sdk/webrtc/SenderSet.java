package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.List;

import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.parley.sdk.media.MediaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The senders one local track was added to, one per peer connection; not thread-safe. */
final class SenderSet {

    private static final Logger LOG = LoggerFactory.getLogger(SenderSet.class);

    private final List<RTCRtpSender> senders = new ArrayList<>();

    void add(RTCRtpSender sender) {
        senders.add(sender);
    }

    void remove(RTCRtpSender sender) {
        senders.remove(sender);
    }

    /**
     * Sends {@code next} instead of {@code current} on every sender ({@code replaceTrack}, no
     * renegotiation). If one refuses, the ones already switched go back to {@code current}.
     */
    void replace(MediaStreamTrack current, MediaStreamTrack next) throws MediaException {
        List<RTCRtpSender> switched = new ArrayList<>();
        try {
            for (RTCRtpSender sender : senders) {
                sender.replaceTrack(next);
                switched.add(sender);
            }
        } catch (RuntimeException e) {
            for (RTCRtpSender sender : switched) sender.replaceTrack(current);
            throw new MediaException("a peer connection refused the new track: " + e.getMessage(), e);
        }
    }

    /** Stops every sender sending (their peers outlive the track) and forgets them. */
    void clear() {
        for (RTCRtpSender sender : senders) {
            try {
                sender.replaceTrack(null);
            } catch (RuntimeException e) {
                LOG.warn("Could not take a closing local track off its sender", e);
            }
        }
        senders.clear();
    }
}
