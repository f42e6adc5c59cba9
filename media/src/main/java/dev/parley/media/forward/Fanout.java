package dev.parley.media.forward;

/** The last RTP step: hands the packet to each subscription of its stream, which sends its own rewritten copy. */
final class Fanout extends EndpointStep {

    @Override
    DropReason onRtp(InboundRtp packet) {
        for (Subscription subscription : packet.stream.subscriptions()) {
            subscription.forward(packet);
        }
        return null;
    }
}
