/**
 * The video room's messages: its requests ({@link dev.parley.conference.room.message.VideoRoomRequest}) read by
 * {@link dev.parley.conference.room.message.VideoRoomRequests}, its events written by {@link
 * dev.parley.conference.room.message.VideoRoomEvents}, and its error codes. Plain data and pure codecs.
 */
package dev.parley.conference.room.message;
