package dev.parley.conference.media;

/**
 * The media plane as the video room plugin sees it: it opens the media of each room. Implemented on top of the
 * {@code media} module ({@code dev.parley.conference.sfu}); tests use a fake.
 *
 * <p>Threading: rooms call it from their own executors; it must not block and must be safe to call from several
 * rooms at once.
 */
public interface MediaPlane {

    /**
     * Opens the media of one room: the transports of its publishers and subscribers and the forwarding between them.
     * Streams are forwarded only between endpoints of one {@link RoomMedia}.
     *
     * @param name names the room in logs
     */
    RoomMedia openRoom(String name);
}
