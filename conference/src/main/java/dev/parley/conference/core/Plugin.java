package dev.parley.conference.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Janus plugin as the core drives it (Janus's {@code plugin.h}): handles attach to it, their messages go to it, and
 * it is told when a handle hangs up or goes away. The core calls these methods on its own executor; a plugin hands
 * work to its own executors and answers through {@link PluginRequest} and {@link PluginHandle}, which any thread may
 * call.
 */
public interface Plugin {

    /** The package name clients attach with, e.g. {@code janus.plugin.videoroom}. */
    String name();

    /** What {@code info} says about the plugin. */
    ObjectNode info();

    void attached(PluginHandle handle);

    /** A {@code message}; the plugin answers it exactly once: ack (events follow), success, or error. */
    void message(PluginHandle handle, PluginRequest request);

    /** The client asked to close the handle's PeerConnection ({@code hangup}); the handle stays. */
    void hangup(PluginHandle handle);

    /** The handle is gone: detached, or its session destroyed, timed out or its connection closed. */
    void detached(PluginHandle handle);
}
