package dev.parley.chat.session;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses a session sent available directed presence to (RFC 6121 §4.6.2), so that they get its
 * unavailable presence when it goes offline (§4.6.3). Bounded: the oldest address is forgotten first.
 * Confined to the session's event loop.
 */
public final class DirectedPresence {

    static final int MAX_RECIPIENTS = 100;

    private final Set<String> recipients = new LinkedHashSet<>();

    /** Records directed presence: available adds the address, unavailable removes it. */
    public void sent(String to, boolean available) {
        if (!available) {
            recipients.remove(to);
            return;
        }
        recipients.remove(to);
        recipients.add(to);
        if (recipients.size() > MAX_RECIPIENTS) {
            recipients.remove(recipients.iterator().next());
        }
    }

    /** The recipients to tell, forgetting them. */
    public List<String> drain() {
        List<String> all = List.copyOf(recipients);
        recipients.clear();
        return all;
    }
}
