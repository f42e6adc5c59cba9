package dev.parley.conference.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.janus.Jsep;

/**
 * A handle as its plugin sees it: who it belongs to, and the events the plugin sends on it. Events sent after the
 * handle is gone are dropped. Thread-safe: events are handed to the core's executor, in the order they are sent.
 */
public interface PluginHandle {

    long sessionId();

    long handleId();

    /** The user of the token the session was created with. */
    ConferenceUser user();

    /** A plugin {@code event}; {@code transaction} names the request it answers, null for spontaneous events. */
    void event(ObjectNode data, Jsep jsep, String transaction);

    /** {@code webrtcup}: the handle's PeerConnection is up. */
    void webrtcUp();

    /** {@code media}: media of {@code type} on {@code mid} started or stopped arriving. */
    void media(String mid, String type, boolean receiving);

    /** {@code slowlink}: packets lost on {@code mid}, sending to Parley ({@code uplink}) or receiving from it. */
    void slowLink(String mid, boolean uplink, int lost);

    /** {@code hangup}: the handle's PeerConnection went down. */
    void hangup(String reason);
}
