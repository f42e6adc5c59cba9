package dev.parley.media.forward;

/**
 * One payload type a publisher sends, from its SDP's {@code a=rtpmap:<pt> <encodingName>/<clockRate>}. The
 * encoding name only chooses keyframe detection; the payload is never decoded.
 */
public record PayloadFormat(int payloadType, String encodingName, int clockRate) {

    public PayloadFormat {
        if (payloadType < 0 || payloadType > 127 || clockRate <= 0 || encodingName.isBlank()) {
            throw new IllegalArgumentException("payload type 0-127, a clock rate and an encoding name");
        }
    }
}
