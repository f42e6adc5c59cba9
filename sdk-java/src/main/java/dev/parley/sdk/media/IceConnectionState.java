package dev.parley.sdk.media;

/** RTCIceConnectionState. */
public enum IceConnectionState { NEW, CHECKING, CONNECTED, COMPLETED, FAILED, DISCONNECTED, CLOSED }
