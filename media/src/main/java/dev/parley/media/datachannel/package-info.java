/**
 * WebRTC data channels (RFC 8831) over an {@link dev.parley.media.sctp.SctpAssociation}: the Data Channel
 * Establishment Protocol (RFC 8832) that opens a channel on a stream with a label, and the payload protocol
 * identifiers that tell text from binary messages (RFC 8831 §8).
 */
package dev.parley.media.datachannel;
