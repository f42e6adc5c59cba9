package dev.parley.sdk.media;

/**
 * A device of the engine: a capture device ({@code id} is what {@link MediaOptions} and the switch methods take)
 * or an audio output ({@link MediaEngine#selectAudioOutput}).
 */
public record MediaDevice(String id, String name, Kind kind, boolean synthetic) {

    /** Cameras, microphones and screens capture; audio outputs play remote sound. */
    public enum Kind { CAMERA, MICROPHONE, SCREEN, AUDIO_OUTPUT }
}
