/**
 * What Parley answers and offers (RFC 3264, RFC 8829): the answer to a publisher's offer ({@link
 * dev.parley.conference.negotiation.PublisherAnswerer}), the offer to a subscriber ({@link
 * dev.parley.conference.negotiation.SubscriberOfferer}) and what the subscriber's answer accepted ({@link
 * dev.parley.conference.negotiation.SubscriberAnswerReader}). Built on the model of {@code conference.sdp}.
 */
package dev.parley.conference.negotiation;
