/**
 * The contract between video rooms and the media plane, owned by the conference module: {@link
 * dev.parley.conference.media.RoomMedia} opens publisher and subscriber transports, rooms describe the negotiated
 * streams with these records, and {@link dev.parley.conference.media.MediaListener} carries the media plane's events
 * back. The implementation on top of the {@code media} module is wired in {@code server}.
 */
package dev.parley.conference.media;
