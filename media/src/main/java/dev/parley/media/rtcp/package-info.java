/**
 * RTCP packets as views over byte arrays, each checked before it is read and written in place: compound packets
 * (RFC 3550 §6.1, A.2), SR, RR and report blocks, SDES, BYE, generic NACK and PLI (RFC 4585), FIR (RFC 5104),
 * REMB and transport-wide congestion control feedback. Malformed input makes {@code wrap} return false.
 */
package dev.parley.media.rtcp;
