/**
 * The Janus API's transports on Vert.x: JSON over WebSocket (subprotocol {@code janus-protocol}) and HTTP with long
 * polls, mounted by the server through {@link dev.parley.conference.transport.JanusEndpoints}.
 */
package dev.parley.conference.transport;
