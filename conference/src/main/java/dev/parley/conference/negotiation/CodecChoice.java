package dev.parley.conference.negotiation;

import dev.parley.conference.media.Codec;

/** The codec chosen for a section and its RTX payload type (RFC 4588 §8.6), -1 when none is paired with it. */
public record CodecChoice(Codec codec, int rtxPayloadType) {
}
