/**
 * The Janus core API on the wire (Janus's {@code janus.c}, docs/protocol.md §4.2): requests ({@link
 * dev.parley.conference.janus.JanusRequest}), messages and events ({@link dev.parley.conference.janus.JanusMessage}),
 * the error codes ({@link dev.parley.conference.janus.JanusError}) and the JSON codec between them. Plain data and a
 * pure codec; sessions and handles live in {@code conference.core}.
 */
package dev.parley.conference.janus;
