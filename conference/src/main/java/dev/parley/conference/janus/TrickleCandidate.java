package dev.parley.conference.janus;

/**
 * One trickled candidate as janus.js sends it ({@code {candidate, sdpMid, sdpMLineIndex}}), or the end of candidates
 * ({@code {completed: true}}, RFC 8838 §4.4).
 *
 * @param candidate     null for the end of candidates
 * @param sdpMid        null when not given
 * @param sdpMLineIndex -1 when not given
 */
public record TrickleCandidate(String candidate, String sdpMid, int sdpMLineIndex) {

    public static final TrickleCandidate COMPLETED = new TrickleCandidate(null, null, -1);
}
