/**
 * The forwarding pipeline between the transports of a conference room: {@link dev.parley.media.forward.ForwardingRoom}
 * holds the graph of endpoints, publisher streams and subscriptions, confined to the room's thread and allocation-free
 * per packet. Transports plug in through {@link dev.parley.media.forward.Endpoint#receiveRtp},
 * {@link dev.parley.media.forward.Endpoint#receiveRtcp} and {@link dev.parley.media.forward.PacketSink}; the
 * conference layer through the room, endpoint, stream and subscription methods and
 * {@link dev.parley.media.forward.StreamListener}.
 */
package dev.parley.media.forward;
