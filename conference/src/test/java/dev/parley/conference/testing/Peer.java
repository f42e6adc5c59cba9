package dev.parley.conference.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.sdp.Sdps;

import java.util.List;

/**
 * One video room handle of a harness client, with the requests the room tests make: join, publish with one of the
 * captured Chromium offers, subscribe, answer, leave. Each returns the latest plugin event on the handle (or the
 * core's answer for synchronous requests).
 */
public final class Peer {

    /** ConnectyCube's publisher offer: data channel, audio and video, sendonly (captured from Chromium 156). */
    public static final String OFFER = Sdps.text("chromium-offer-data-audio-video-trickle.sdp");

    public final JanusHarness.Client client;
    public final long session;
    public final long handle;

    private Peer(JanusHarness.Client client, long session, long handle) {
        this.client = client;
        this.session = session;
        this.handle = handle;
    }

    /** A new client with its own session and one handle. */
    public static Peer connect(JanusHarness harness, String token) {
        JanusHarness.Client client = harness.client(token);
        long session = client.createSession();
        return new Peer(client, session, client.attach(session));
    }

    /** Another handle in the same session (as the ConnectyCube client makes one per remote feed). */
    public Peer newHandle() {
        return new Peer(client, session, client.attach(session));
    }

    /** A message; returns the core's answer ({@code ack}, {@code success} with plugindata, or {@code error}). */
    public ObjectNode request(String body) {
        return client.message(session, handle, body);
    }

    public ObjectNode request(String body, String jsepType, String sdp) {
        return client.message(session, handle, body, jsepType, sdp);
    }

    /** The plugin data of a synchronous request's answer. */
    public ObjectNode sync(String body) {
        return (ObjectNode) request(body).path("plugindata").path("data");
    }

    public ObjectNode join(String room, long id, String display) {
        request("{\"request\":\"join\",\"room\":\"" + room + "\",\"ptype\":\"publisher\",\"id\":" + id
                + ",\"display\":\"" + display + "\"}");
        return lastEvent();
    }

    /** {@code configure} with audio and video and the offer, as the ConnectyCube client publishes. */
    public ObjectNode publish() {
        return publish(OFFER);
    }

    public ObjectNode publish(String offer) {
        request("{\"request\":\"configure\",\"audio\":true,\"video\":true}", "offer", offer);
        return lastEvent();
    }

    /** The ConnectyCube client's legacy subscription to one feed. */
    public ObjectNode listen(String room, long feed) {
        request("{\"request\":\"join\",\"room\":\"" + room + "\",\"ptype\":\"listener\",\"feed\":" + feed + "}");
        return lastEvent();
    }

    /** Answers the latest offer on the handle as a browser would, with {@code start}. */
    public ObjectNode answer() {
        String offer = client.lastJsep(handle).path("sdp").asText();
        request("{\"request\":\"start\"}", "answer", Answers.recvonly(offer));
        return lastEvent();
    }

    public ObjectNode lastEvent() {
        return client.lastEvent(handle);
    }

    public List<ObjectNode> events() {
        return client.pluginEvents(handle);
    }

    /** The {@code "videoroom":"event"} events on this handle that carry {@code key}. */
    public List<ObjectNode> eventsWith(String key) {
        return events().stream().filter(event -> event.path("videoroom").asText().equals("event") && event.has(key)).toList();
    }

    /** Core events ({@code webrtcup}, {@code media}, {@code hangup}...) of one type on this handle. */
    public List<ObjectNode> coreEvents(String type) {
        return client.messages(m -> m.path("janus").asText().equals(type) && m.path("sender").asLong() == handle);
    }
}
