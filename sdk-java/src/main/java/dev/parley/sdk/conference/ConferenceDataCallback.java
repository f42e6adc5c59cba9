package dev.parley.sdk.conference;

/**
 * Hears the messages other participants send to the room with {@link ConferenceSession#sendData}: text (UTF-8) or
 * binary, with the sender's user id (docs/conference.md "Data channels").
 */
@FunctionalInterface
public interface ConferenceDataCallback {

    void onDataReceived(ConferenceSession session, long userId, byte[] data, boolean binary);
}
