package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.common.time.TimerThread;
import dev.parley.push.DeliverySettings;
import dev.parley.push.PushDispatcher;
import dev.parley.push.PushSender;
import dev.parley.push.apns.ApnsSender;
import dev.parley.push.apns.ApnsSettings;
import dev.parley.push.fcm.FcmSender;
import dev.parley.push.fcm.FcmSettings;
import dev.parley.push.web.WebPushSender;
import dev.parley.storage.Storage;
import dev.parley.storage.model.PushChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Push delivery, wired: the senders of each channel and the dispatcher that drains the queue into them
 * (docs/push.md). With {@code parley.push.delivery.enabled = false} nothing is sent and events stay queued.
 */
final class PushModule implements AutoCloseable {

    private final PushDispatcher dispatcher;
    private final TimerThread timer;
    private final ExecutorService workers;

    private PushModule(PushDispatcher dispatcher, TimerThread timer, ExecutorService workers) {
        this.dispatcher = dispatcher;
        this.timer = timer;
        this.workers = workers;
    }

    /** @param push the {@code parley.push} block */
    static PushModule start(Config push, Storage storage, Vertx vertx, Clock clock, MeterRegistry metrics) {
        DeliverySettings settings = DeliverySettings.from(push);
        if (!settings.enabled()) {
            return new PushModule(null, null, null);
        }
        Map<PushChannel, PushSender> senders = new EnumMap<>(PushChannel.class);
        ApnsSender apns = new ApnsSender(ApnsSettings.from(push), clock, settings.connectTimeout(), settings.defaultTtl());
        senders.put(PushChannel.APNS, apns);
        senders.put(PushChannel.APNS_VOIP, apns);
        senders.put(PushChannel.GCM, new FcmSender(vertx, FcmSettings.from(push), clock, settings.connectTimeout(),
                settings.requestTimeout(), settings.defaultTtl()));
        senders.put(PushChannel.WEB, new WebPushSender(vertx, clock, settings.connectTimeout(), settings.requestTimeout(),
                settings.defaultTtl(), push.getBoolean("allow-private-endpoints")));
        TimerThread timer = new TimerThread("parley-push-timer");
        ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("parley-push-", 0).factory());
        PushDispatcher dispatcher = new PushDispatcher(storage.push(), storage.pushCredentials(), senders, settings, clock,
                timer, workers, metrics);
        dispatcher.start();
        return new PushModule(dispatcher, timer, workers);
    }

    /** The dispatcher, or null when delivery is off. */
    PushDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close();
            timer.close();
            workers.shutdown();
        }
    }
}
