/**
 * The XMPP XML codec: {@link dev.parley.chat.xml.XmlElement} trees, the non-blocking
 * {@link dev.parley.chat.xml.XmlStreamParser} for XMPP over TCP (RFC 6120 §4, §11) and the
 * {@link dev.parley.chat.xml.XmlFrameParser} for XMPP over WebSocket (RFC 7395). Parsing failures carry
 * the {@link dev.parley.chat.xml.StreamError} the connection must be closed with.
 *
 * <p>Decoding is the first stage of a connection's pipeline; nothing here knows about sessions,
 * authentication or routing.
 */
package dev.parley.chat.xml;
