package dev.parley.sdk.media;

/** A trickled ICE candidate ({@code sdpMid} may be null). */
public record IceCandidate(String sdpMid, int sdpMLineIndex, String candidate) {
}
