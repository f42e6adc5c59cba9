package dev.parley.media.forward;

/**
 * On the timer: ends each interval of the endpoint's publisher streams' layer rates, and every
 * {@link LayerRates#INTERVAL_NANOS} has the endpoint choose its subscriptions' layers again from them and its
 * downlink estimate ({@link Endpoint#chooseLayers}).
 */
final class LayerChooser extends EndpointStep {

    private final Endpoint endpoint;
    private long nextChoice = Long.MIN_VALUE;

    LayerChooser(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    void onTick(long nowNanos) {
        for (PublisherStream stream : endpoint.streams()) {
            stream.rates().update(nowNanos);
        }
        if (nextChoice == Long.MIN_VALUE || nowNanos - nextChoice >= 0) {
            nextChoice = nowNanos + LayerRates.INTERVAL_NANOS;
            endpoint.chooseLayers();
        }
    }
}
