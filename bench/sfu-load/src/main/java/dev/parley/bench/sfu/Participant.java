package dev.parley.bench.sfu;

import dev.parley.media.dtls.DtlsCertificate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One synthetic participant: a Janus session over its own WebSocket, with a publisher handle (join, configure with
 * an offer, the server's answer) and/or a subscriber handle (join with {@code streams} for the feeds, the server's
 * offer answered, {@code start}), as janus.js's multistream video room client does. Each handle has its transport.
 */
final class Participant implements AutoCloseable {

    private static final long READY_SECONDS = 30;
    /** SFU_LOAD_DEBUG=1 prints the SDP exchanged and ICE progress. */
    static final boolean DEBUG = System.getenv("SFU_LOAD_DEBUG") != null;

    final String label;
    private final JanusClient janus;
    private final IoLoop loop;
    private final DtlsCertificate identity;
    private final InetSocketAddress address;
    private final List<Transport> transports = new ArrayList<>();
    private Transport publisher;
    private Transport subscriber;
    private int offeredStreams;
    boolean simulcast;

    Participant(HttpClient http, URI ws, String token, IoLoop loop, DtlsCertificate identity, InetSocketAddress address,
                String label) throws IOException {
        this.label = label;
        this.janus = JanusClient.connect(http, ws, token);
        this.loop = loop;
        this.identity = identity;
        this.address = address;
    }

    /** Joins {@code room} as publisher {@code id} and publishes; returns once media can flow (ICE, DTLS done). */
    void publish(long room, long id, Pacer pacer, boolean offerSimulcast) throws IOException {
        long handle = janus.attach();
        ObjectNode join = JanusClient.JSON.createObjectNode().put("request", "join").put("ptype", "publisher")
                .put("room", room).put("id", id).put("display", label);
        janus.message(handle, join, null, null);
        publisher = transport("publisher");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int audioSsrc = random.nextInt();
        int[] videoSsrcs = {random.nextInt(), random.nextInt(), random.nextInt()};
        String offer = Sdp.publisherOffer(publisher.sdp(), audioSsrc, videoSsrcs, offerSimulcast);
        ObjectNode configure = JanusClient.JSON.createObjectNode().put("request", "configure").put("audio", true).put("video", true);
        JsonNode answer = janus.message(handle, configure, "offer", offer);
        Sdp.Remote remote = Sdp.parse(requireJsep(answer, "answer"));
        if (DEBUG) {
            System.err.println(label + " offer:\n" + offer + "\nanswer:\n" + requireJsep(answer, "answer"));
        }
        if (offerSimulcast && !remote.simulcast()) {
            // The server takes one layer only: publish again as a browser without simulcast does, its SSRC signalled.
            janus.detach(handle);
            transports.remove(publisher);
            publisher.close();
            publish(room, id, pacer, false);
            return;
        }
        simulcast = offerSimulcast;
        await(publisher.start(remote), "publisher");
        pacer.publish(publisher, audioSsrc, videoSsrcs, simulcast);
    }

    /** Subscribes to {@code feeds} of {@code room} in one multistream subscription; returns once media can flow. */
    void subscribe(long room, List<Long> feeds) throws IOException {
        long handle = janus.attach();
        ObjectNode join = JanusClient.JSON.createObjectNode().put("request", "join").put("ptype", "subscriber").put("room", room);
        for (long feed : feeds) {
            join.withArray("streams").addObject().put("feed", feed);
        }
        JsonNode attached = janus.message(handle, join, null, null);
        Sdp.Remote offer = Sdp.parse(requireJsep(attached, "offer"));
        subscriber = transport("subscriber");
        offeredStreams = (int) offer.sections().stream()
                .filter(s -> !s.rejected() && (s.kind().equals("audio") || s.kind().equals("video"))).count();
        String answer = Sdp.subscriberAnswer(subscriber.sdp(), offer);
        if (DEBUG) {
            System.err.println(label + " offer:\n" + requireJsep(attached, "offer") + "\nanswer:\n" + answer);
        }
        janus.message(handle, JanusClient.JSON.createObjectNode().put("request", "start"), "answer", answer);
        await(subscriber.start(offer), "subscriber");
    }

    private Transport transport(String role) throws IOException {
        Transport transport = new Transport(loop, address, identity, label + " " + role, role.equals("subscriber"));
        transports.add(transport);
        return transport;
    }

    /** The audio and video streams the server offered this participant's subscription. */
    int offeredStreams() {
        return offeredStreams;
    }

    Transport publisher() {
        return publisher;
    }

    Transport subscriber() {
        return subscriber;
    }

    void keepalive() {
        janus.keepalive();
    }

    private static String requireJsep(JsonNode message, String type) throws IOException {
        JsonNode jsep = message.path("jsep");
        if (!jsep.path("type").asText().equals(type)) {
            throw new IOException("expected an SDP " + type + " in " + message);
        }
        return jsep.path("sdp").asText();
    }

    private void await(java.util.concurrent.CompletableFuture<Void> ready, String role) throws IOException {
        try {
            ready.get(READY_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(label + " " + role + ": ICE/DTLS not done in " + READY_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        janus.close();
        for (Transport transport : transports) {
            transport.close();
        }
    }
}
