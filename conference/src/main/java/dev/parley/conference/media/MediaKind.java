package dev.parley.conference.media;

/** The kinds of media a video room forwards; data channels are answered with port 0 for now. */
public enum MediaKind {
    AUDIO("audio"), VIDEO("video");

    private final String sdpName;

    MediaKind(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The media type of the m= line and of Janus's {@code type} fields. */
    public String sdpName() {
        return sdpName;
    }
}
