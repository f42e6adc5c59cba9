/**
 * RTCP packets as views over byte arrays, each checked before it is read and written in place: compound packets
 * (RFC 3550 §6.1, A.2), SR, RR and report blocks, SDES, BYE, generic NACK and PLI (RFC 4585), FIR (RFC 5104),
 * REMB and transport-wide congestion control feedback. Malformed input makes {@code wrap} return false.
 *
 * <p>Buffers: the static readers and writers use the caller's array during the call and keep nothing; writers
 * trust the caller to have sized it (an RTCP packet Parley writes is at most 1500 bytes). A view refers to the
 * array given to {@code wrap} until the next {@code wrap}, and must not be used once the owner reuses it.
 */
package dev.parley.media.rtcp;
