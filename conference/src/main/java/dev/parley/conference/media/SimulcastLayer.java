package dev.parley.conference.media;

/**
 * One simulcast encoding of a publisher's video (RFC 8853): named by its RID ({@code a=rid}, RFC 8851), whose SSRCs
 * the media plane learns from the packets' {@code rtp-stream-id} extension, or, for legacy simulcast
 * ({@code a=ssrc-group:SIM}), by its SSRCs.
 *
 * @param rid the RID, empty for an SSRC-announced layer
 * @param ssrc the media SSRC, -1 when learned from the RID
 * @param rtxSsrc the RTX SSRC ({@code a=ssrc-group:FID}), -1 when none or learned from the RID
 */
public record SimulcastLayer(String rid, long ssrc, long rtxSsrc) {
}
