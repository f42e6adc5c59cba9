package dev.parley.media.sctp;

/** Where an association's packets go (for data channels: DTLS application data). */
@FunctionalInterface
public interface SctpOutput {
    /** Sends one SCTP packet; the array is lent for the call only. */
    void send(byte[] packet, int offset, int length);
}
