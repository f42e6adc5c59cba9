/**
 * SCTP over DTLS (RFC 8261) for WebRTC data channels (RFC 8831), and the Data Channel Establishment Protocol
 * (RFC 8832) on top of it: the subset of RFC 9260 a data channel peer needs (one path, no multi-homing), partial
 * reliability (RFC 3758 FORWARD-TSN), stream reset (RFC 6525) for closing channels and padding (RFC 4820).
 * No library for the JVM on Maven Central does this (docs/adr/0008-data-channels.md). An association is driven
 * on one thread with time passed in, like the forwarding pipeline: packets in through
 * {@link dev.parley.media.sctp.SctpAssociation#receive}, timers through
 * {@link dev.parley.media.sctp.SctpAssociation#tick}, packets out through an {@link dev.parley.media.sctp.SctpOutput}.
 */
package dev.parley.media.sctp;
