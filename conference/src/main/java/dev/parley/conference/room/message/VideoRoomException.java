package dev.parley.conference.room.message;

/** A video room request refused with one of the room's error codes and a reason for the client. */
public final class VideoRoomException extends Exception {

    private final VideoRoomError error;

    public VideoRoomException(VideoRoomError error, String reason) {
        super(reason, null, false, false);
        this.error = error;
    }

    public VideoRoomError error() {
        return error;
    }
}
