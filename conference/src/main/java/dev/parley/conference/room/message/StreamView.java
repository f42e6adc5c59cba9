package dev.parley.conference.room.message;

/**
 * A published stream as {@code joined}, {@code publishers} and {@code configured} list it: type (audio, video, data),
 * m-line index, mid, and the codec when the stream is active ({@code disabled} when Parley did not accept it).
 */
public record StreamView(String type, int mindex, String mid, String codec, boolean disabled) {
}
