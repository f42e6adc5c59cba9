/**
 * The video room plugin's behaviour (docs/protocol.md §4.3–4.5): {@link dev.parley.conference.room.VideoRoom} routes
 * messages to rooms; each {@code Room} keeps its participants and subscriptions on its own ordered queue, with its
 * publisher, subscriber and owner requests in {@code PublisherFlow}, {@code SubscriberFlow} and {@code RoomAdmin}, and
 * drives the media plane through {@link dev.parley.conference.media.RoomMedia}.
 */
package dev.parley.conference.room;
