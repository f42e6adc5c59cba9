package dev.parley.conference.auth;

/**
 * Who a Janus request acts for: the user of Parley's REST session token it carries, in that token's application.
 * Authorisation always uses this, never the participant id a client asks for (docs/protocol.md §4.5).
 *
 * @param email null when the user has none
 */
public record ConferenceUser(long applicationId, long userId, String email) {
}
