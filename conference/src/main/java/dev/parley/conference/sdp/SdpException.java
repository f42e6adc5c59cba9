package dev.parley.conference.sdp;

/** A session description that cannot be parsed or does not say what a WebRTC peer must say. */
public final class SdpException extends Exception {

    public SdpException(String message) {
        super(message);
    }
}
