package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.api.session.SessionService;
import dev.parley.common.net.HttpEndpoint;
import dev.parley.common.net.WebSocketEndpoint;
import dev.parley.common.time.TimerThread;
import dev.parley.conference.Conference;
import dev.parley.conference.ConferenceSettings;
import dev.parley.conference.sfu.SfuMediaPlane;
import dev.parley.media.MediaServer;
import dev.parley.media.MediaSettings;
import dev.parley.media.forward.ForwardingSettings;
import dev.parley.storage.MeetingRepository;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * Conferences wired together: the media server (its UDP port), the SFU's media plane on it, and the Janus API with
 * its video rooms, whose tokens are the REST sessions and whose meetings are storage's. {@link #close} stops them in
 * order: sessions first (their rooms close their transports), then the media port, then the timers.
 */
final class ConferenceModule implements AutoCloseable {

    private final MediaServer media;
    private final TimerThread timers;
    private final Conference conference;

    private ConferenceModule(MediaServer media, TimerThread timers, Conference conference) {
        this.media = media;
        this.timers = timers;
        this.conference = conference;
    }

    /** Binds the media port and starts the Janus API; blocking for as long as the port takes to bind. */
    static ConferenceModule start(Config config, Clock clock, SessionService sessions, MeetingRepository meetings,
                                  MeterRegistry registry) {
        ConferenceSettings settings = ConferenceSettings.from(config);
        ForwardingSettings forwarding = ForwardingSettings.from(config);
        MediaServer media;
        try {
            media = MediaServer.start(MediaSettings.from(config), registry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the media port", e);
        }
        TimerThread timers = new TimerThread("parley-conference-timers");
        try {
            Conference conference = new Conference(settings, new ConferenceCredentials(sessions, clock), new ConferenceMeetings(meetings),
                    SfuMediaPlane.on(media, forwarding, settings.slowLinkThreshold(), registry), timers, registry);
            return new ConferenceModule(media, timers, conference);
        } catch (RuntimeException e) {
            timers.close();
            media.close();
            throw e;
        }
    }

    WebSocketEndpoint webSocket() {
        return conference.endpoints().webSocket();
    }

    HttpEndpoint http() {
        return conference.endpoints().http();
    }

    /** Where the media port is bound. */
    InetSocketAddress mediaAddress() {
        return media.localAddress();
    }

    /** Where the ICE-TCP port is bound, or null when ICE-TCP is off. */
    InetSocketAddress mediaTcpAddress() {
        return media.tcpAddress();
    }

    @Override
    public void close() {
        conference.close();
        media.close();
        timers.close();
    }
}
