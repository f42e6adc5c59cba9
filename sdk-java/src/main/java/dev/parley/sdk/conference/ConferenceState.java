package dev.parley.sdk.conference;

/** Where a {@link ConferenceSession} is: {@code NEW → JOINING → JOINED → CLOSED} (or {@code JOINING → CLOSED} when joining fails). */
public enum ConferenceState { NEW, JOINING, JOINED, CLOSED }
