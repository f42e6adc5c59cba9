/**
 * Conferences: the Janus API over WebSocket and HTTP long-poll, and the video room plugin's behaviour,
 * driving the media plane.
 */
package dev.parley.conference;
