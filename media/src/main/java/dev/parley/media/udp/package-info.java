/**
 * The media plane's one UDP port: a Netty datagram channel (epoll when the native transport loads, NIO
 * otherwise) whose event loop runs the whole per-packet path, the RFC 7983 demultiplexing of STUN, DTLS
 * and SRTP/SRTCP to transports, and the counters of what was dropped and why.
 */
package dev.parley.media.udp;
