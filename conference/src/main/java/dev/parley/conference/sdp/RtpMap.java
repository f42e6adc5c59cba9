package dev.parley.conference.sdp;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]} (RFC 8866 §6.6); for audio
 * the encoding parameters are the channel count, 1 when absent.
 */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

    public static RtpMap parse(String value) throws SdpException {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new SdpException("a=rtpmap needs a payload type and an encoding: " + value);
        }
        int payloadType = SdpNumbers.payloadType(value.substring(0, space));
        String[] parts = value.substring(space + 1).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new SdpException("a=rtpmap encoding must be name/clock-rate[/channels]: " + value);
        }
        int clockRate = SdpNumbers.integer(parts[1], 1, 10_000_000, "a=rtpmap clock rate");
        int channels = parts.length == 3 ? SdpNumbers.integer(parts[2], 1, 255, "a=rtpmap channels") : 1;
        return new RtpMap(payloadType, parts[0], clockRate, channels);
    }

    public String format(boolean writeChannels) {
        return payloadType + " " + encoding + "/" + clockRate + (writeChannels ? "/" + channels : "");
    }
}
