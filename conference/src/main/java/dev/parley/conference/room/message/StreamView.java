package dev.parley.conference.room.message;

/**
 * A published stream as {@code joined}, {@code publishers} and {@code configured} list it: type (audio, video, data),
 * m-line index, mid, and the codec when the stream is active ({@code disabled} when Parley did not accept it), and
 * {@code simulcast: true} for a video sent in simulcast layers, which subscribers choose with {@code substream}.
 */
public record StreamView(String type, int mindex, String mid, String codec, boolean disabled, boolean simulcast) {

    public StreamView(String type, int mindex, String mid, String codec, boolean disabled) {
        this(type, mindex, mid, codec, disabled, false);
    }
}
