package dev.parley.chat.session;

import dev.parley.chat.xml.XmlElement;

import java.util.ArrayDeque;
import java.util.List;

/**
 * XEP-0352 client state indication: while the client says it is inactive, presence updates are held
 * (bounded, oldest dropped) and sent when it becomes active again; messages and IQs always go at once.
 * Confined to the session's event loop.
 */
final class ClientStateIndication {

    static final String NAMESPACE = "urn:xmpp:csi:0";

    private final int maxQueued;
    private final ArrayDeque<XmlElement> held = new ArrayDeque<>();
    private boolean inactive;

    ClientStateIndication(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /** True when the stanza is held back instead of sent now. */
    boolean holds(XmlElement stanza) {
        if (!inactive || !stanza.name().equals("presence")) {
            return false;
        }
        if (held.size() == maxQueued) {
            held.pollFirst();
        }
        held.addLast(stanza);
        return true;
    }

    void inactive() {
        inactive = true;
    }

    /** Becomes active; returns the held stanzas to send now. */
    List<XmlElement> active() {
        inactive = false;
        List<XmlElement> release = List.copyOf(held);
        held.clear();
        return release;
    }
}
