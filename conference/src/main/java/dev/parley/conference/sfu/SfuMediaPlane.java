package dev.parley.conference.sfu;

import dev.parley.conference.media.MediaPlane;
import dev.parley.conference.media.RoomMedia;
import dev.parley.media.MediaServer;
import dev.parley.media.forward.ForwardingSettings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The conference's media plane on Parley's own SFU: each room's media is an {@link SfuRoom} (one forwarding graph),
 * each publisher or subscriber handle one transport of the {@link MediaServer}, all on the server's media loop.
 *
 * <pre>{@code
 * MediaServer media = MediaServer.start(MediaSettings.from(config), registry);
 * MediaPlane plane = SfuMediaPlane.on(media, ForwardingSettings.from(config), slowLinkThreshold, registry);
 * new Conference(settings, auth, meetings, plane, clock, registry);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SfuMediaPlane implements MediaPlane {

    private final PeerTransports transports;
    private final ForwardingSettings settings;
    private final int slowLinkThreshold;
    private final SfuMetrics metrics;

    SfuMediaPlane(PeerTransports transports, ForwardingSettings settings, int slowLinkThreshold, MeterRegistry registry) {
        if (slowLinkThreshold < 0) {
            throw new IllegalArgumentException("the slow link threshold is 0 (off) or more lost packets per second");
        }
        this.transports = transports;
        this.settings = settings;
        this.slowLinkThreshold = slowLinkThreshold;
        this.metrics = new SfuMetrics(registry);
    }

    /**
     * @param slowLinkThreshold lost packets per second on one stream that make a {@code slowlink} event; 0: none
     * @param registry          where the SFU's meters go
     */
    public static SfuMediaPlane on(MediaServer server, ForwardingSettings settings, int slowLinkThreshold,
                                   MeterRegistry registry) {
        return new SfuMediaPlane(new MediaServerTransports(server), settings, slowLinkThreshold, registry);
    }

    @Override
    public RoomMedia openRoom(String name) {
        return new SfuRoom(name, this);
    }

    /** Rooms whose media is open (their graph not yet stopped). */
    public int openRooms() {
        return metrics.rooms();
    }

    PeerTransports transports() {
        return transports;
    }

    ForwardingSettings settings() {
        return settings;
    }

    int slowLinkThreshold() {
        return slowLinkThreshold;
    }

    SfuMetrics metrics() {
        return metrics;
    }
}
