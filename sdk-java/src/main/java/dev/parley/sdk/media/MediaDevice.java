package dev.parley.sdk.media;

/** A capture device: {@code id} is what {@link MediaOptions} and the switch methods take. */
public record MediaDevice(String id, String name, Kind kind, boolean synthetic) {

    public enum Kind { CAMERA, MICROPHONE, SCREEN }
}
