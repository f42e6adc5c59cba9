/**
 * The Janus core: sessions and handles, their keepalive timeouts, token checks, and the plugin contract ({@link
 * dev.parley.conference.core.Plugin}). Transport-neutral: the WebSocket and HTTP transports feed it requests and
 * carry its answers and events.
 */
package dev.parley.conference.core;
