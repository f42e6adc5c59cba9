package dev.parley.chat.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable XML element: a stanza, one of its children, or a stream header.
 *
 * <p>Names are local names qualified by a namespace URI; prefixes are not kept. Attributes are
 * unqualified, except {@code xml:lang}, which is kept under the key {@code "xml:lang"}. Children are
 * {@link XmlElement}s and {@link String} text nodes in document order; adjacent text is merged.
 * Equality is structural.
 *
 * <p>Thread-safety: immutable, safe to share between threads. {@link Builder} is not thread-safe.
 */
public final class XmlElement {

    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<Object> children;
    /** {@link #weight()}, computed on first use; 0 until then (racy but idempotent, as String's hash). */
    private int weight;

    private XmlElement(String name, String namespace, Map<String, String> attributes, List<Object> children) {
        this.name = name;
        this.namespace = namespace;
        this.attributes = Collections.unmodifiableMap(attributes);
        this.children = List.copyOf(children);
    }

    /** Starts an element; a {@code null} namespace means "no namespace" ({@code ""}). */
    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    public String name() {
        return name;
    }

    /** The namespace URI, {@code ""} when the element is in no namespace; never {@code null}. */
    public String namespace() {
        return namespace;
    }

    /** Attributes in document (or insertion) order. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The attribute's value, or {@code null} if absent. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** Child elements and text nodes in document order. */
    public List<Object> children() {
        return children;
    }

    public List<XmlElement> elements() {
        return children.stream().filter(XmlElement.class::isInstance).map(XmlElement.class::cast).toList();
    }

    public List<XmlElement> elements(String name, String namespace) {
        return elements().stream().filter(child -> child.is(name, namespace)).toList();
    }

    /** The first child element with this name and namespace, or {@code null}. */
    public XmlElement element(String name, String namespace) {
        return elements().stream().filter(child -> child.is(name, namespace)).findFirst().orElse(null);
    }

    /** The direct text children concatenated, {@code ""} if there are none. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Object child : children) {
            if (child instanceof String s) {
                text.append(s);
            }
        }
        return text.toString();
    }

    /** A copy with the attribute set (kept in place if present, else appended); {@code null} removes it. */
    public XmlElement withAttribute(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(Builder.checkAttributeName(name), value);
        }
        return new XmlElement(this.name, namespace, copy, children);
    }

    public XmlElement withoutAttribute(String name) {
        return withAttribute(name, null);
    }

    /**
     * Serializes the element: {@code xmlns} declared on this element when its namespace is not empty,
     * and on a descendant only where its namespace differs from its parent's. See {@link XmlWriter}.
     */
    public String toXml() {
        return XmlWriter.write(this);
    }

    /**
     * About how many bytes this element holds in memory: two per character of every name, attribute and
     * text, plus a fixed overhead per element, attribute and text node. What the chat server counts when it
     * bounds the stanzas it keeps for a client (stream management). Computed once, without allocating.
     */
    public int weight() {
        int w = weight;
        if (w == 0) {
            long sum = ELEMENT_OVERHEAD + 2L * (name.length() + namespace.length());
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                sum += ENTRY_OVERHEAD + 2L * (attribute.getKey().length() + attribute.getValue().length());
            }
            for (Object child : children) {
                sum += child instanceof XmlElement element ? element.weight() : ENTRY_OVERHEAD + 2L * ((String) child).length();
            }
            w = (int) Math.min(Integer.MAX_VALUE, sum);
            weight = w;
        }
        return w;
    }

    /** An element's object, its attribute map and child list (estimated for a 64-bit JVM with compressed pointers). */
    private static final int ELEMENT_OVERHEAD = 160;
    /** A map entry or list slot and its string objects. */
    private static final int ENTRY_OVERHEAD = 64;

    private boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XmlElement that
                && name.equals(that.name)
                && namespace.equals(that.namespace)
                && attributes.equals(that.attributes)
                && children.equals(that.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, attributes, children);
    }

    @Override
    public String toString() {
        return toXml();
    }

    /** Accumulates one element; each {@link #build()} returns an independent immutable copy. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Object> children = new ArrayList<>();

        private Builder(String name, String namespace) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("element name must not be empty");
            }
            this.name = name;
            this.namespace = namespace == null ? "" : namespace;
        }

        /** Sets an attribute; a {@code null} value omits (removes) it. */
        public Builder attribute(String name, String value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(checkAttributeName(name), value);
            }
            return this;
        }

        public Builder child(XmlElement child) {
            children.add(Objects.requireNonNull(child, "child"));
            return this;
        }

        /** Appends text, merged with a directly preceding text node; empty text is ignored. */
        public Builder text(String text) {
            if (text.isEmpty()) {
                return this;
            }
            int last = children.size() - 1;
            if (last >= 0 && children.get(last) instanceof String previous) {
                children.set(last, previous + text);
            } else {
                children.add(text);
            }
            return this;
        }

        public XmlElement build() {
            return new XmlElement(name, namespace, new LinkedHashMap<>(attributes), children);
        }

        /** Namespace declarations come from element namespaces, never from attributes. */
        static String checkAttributeName(String name) {
            if (name == null || name.isEmpty() || name.equals("xmlns") || name.startsWith("xmlns:")) {
                throw new IllegalArgumentException("invalid attribute name: " + name);
            }
            return name;
        }
    }
}
