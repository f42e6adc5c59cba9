package dev.parley.chat.stanza;

import java.util.Locale;
import java.util.Optional;

/**
 * An XMPP address {@code node@domain/resource} (RFC 7622), kept simple: Parley's nodes are
 * {@code {userId}-{applicationId}} and resources are server-generated, so no stringprep profile beyond
 * lower-casing the domain is needed.
 */
public record Jid(String node, String domain, String resource) {

    /** The longest JID part RFC 7622 allows, in bytes (checked here in characters as an upper bound). */
    private static final int MAX_PART = 1023;

    public static Optional<Jid> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 3 * MAX_PART + 2) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String bare = slash < 0 ? text : text.substring(0, slash);
        String resource = slash < 0 ? null : text.substring(slash + 1);
        int at = bare.indexOf('@');
        String node = at < 0 ? null : bare.substring(0, at);
        String domain = at < 0 ? bare : bare.substring(at + 1);
        if (domain.isEmpty() || (node != null && node.isEmpty()) || (resource != null && resource.isEmpty())
                || domain.indexOf('@') >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Jid(node, domain.toLowerCase(Locale.ROOT), resource));
    }

    /** The bare JID of a Parley user: {@code {userId}-{applicationId}@domain}. */
    public static Jid user(long userId, long applicationId, String domain) {
        return new Jid(userId + "-" + applicationId, domain, null);
    }

    public Jid bare() {
        return resource == null ? this : new Jid(node, domain, null);
    }

    public Jid withResource(String newResource) {
        return new Jid(node, domain, newResource);
    }

    public boolean isBare() {
        return resource == null;
    }

    /** The user id of a Parley user JID ({@code 12-3@d} → 12), if the node has that shape. */
    public Optional<Long> userId() {
        return nodePart(0);
    }

    /** The application id of a Parley user JID ({@code 12-3@d} → 3), if the node has that shape. */
    public Optional<Long> applicationId() {
        return nodePart(1);
    }

    private Optional<Long> nodePart(int index) {
        if (node == null) {
            return Optional.empty();
        }
        String[] parts = node.split("-");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[index]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return (node == null ? "" : node + "@") + domain + (resource == null ? "" : "/" + resource);
    }
}
