package dev.parley.sdk.chat;

import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.call.SignalChannel;
import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalCodec;
import dev.parley.sdk.call.signal.SignalFormatException;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat connection (XMPP over WebSocket, with Smack) a calling app keeps open: it carries the
 * call signals. Logs in as {@code {userId}-{applicationId}} with the user's password or session
 * token, reconnects by itself when the connection drops, and answers the server's pings.
 *
 * <p>It is the SDK's chat boundary for calls: {@link SignalCodec} turns each {@link CallSignal} into the
 * {@code <extraParams>} of a headline and back, here and nowhere else. Thread-safe: {@link #send} may be
 * called from any thread and never blocks (a full Smack send queue fails its future); signals arrive on
 * Smack's reader thread.
 */
public final class ChatService implements SignalChannel, SystemMessageChannel {

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    private static final Pattern USER_JID = Pattern.compile("^(\\d+)(?:-\\d+)?@.*");
    private static final int REPLY_TIMEOUT_MS = 15_000;
    private static final int PING_INTERVAL_S = 60;

    static {
        ProviderManager.addExtensionProvider(ExtraParams.ELEMENT, ExtraParams.NAMESPACE, new ExtraParamsProvider());
    }

    private final ParleySettings settings;
    private final CopyOnWriteArrayList<ChatConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ModularXmppClientToServerConnection connection;
    private volatile long userId;
    private volatile SignalChannel.Listener signalListener;
    private volatile SystemMessageChannel.Listener systemMessageListener;

    public ChatService(ParleySettings settings) {
        this.settings = settings;
    }

    /**
     * Connects and logs in; returns once logged in.
     *
     * @param passwordOrToken the user's password, or a live session token of the user
     * @throws ParleyException when the server is unreachable or refuses the credentials
     */
    public synchronized void connect(long userId, String passwordOrToken) {
        if (userId <= 0) throw new IllegalArgumentException("userId must be a positive id");
        if (passwordOrToken == null || passwordOrToken.isEmpty()) throw new IllegalArgumentException("a password or token is required");
        if (connection != null) throw new IllegalStateException("already connected: disconnect first");
        ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(configuration(userId, passwordOrToken));
        c.setReplyTimeout(REPLY_TIMEOUT_MS);
        c.addSyncStanzaListener(this::onStanza, StanzaTypeFilter.MESSAGE);
        c.addConnectionListener(new Forwarder());
        try {
            c.connect();
            c.login();
        } catch (SmackException | IOException | XMPPException e) {
            c.disconnect();
            throw new ParleyException("chat login as user " + userId + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            c.disconnect();
            Thread.currentThread().interrupt();
            throw new ParleyException("chat login interrupted", e);
        }
        PingManager.getInstanceFor(c).setPingInterval(PING_INTERVAL_S);
        ReconnectionManager reconnection = ReconnectionManager.getInstanceFor(c);
        reconnection.setReconnectionPolicy(ReconnectionManager.ReconnectionPolicy.RANDOM_INCREASING_DELAY);
        reconnection.enableAutomaticReconnection();
        this.userId = userId;
        this.connection = c;
        for (ChatConnectionListener listener : listeners) listener.onConnected();
    }

    /** Closes the connection (no reconnection follows). */
    public synchronized void disconnect() {
        ModularXmppClientToServerConnection c = connection;
        if (c == null) return;
        connection = null;
        ReconnectionManager.getInstanceFor(c).disableAutomaticReconnection();
        c.disconnect();
        for (ChatConnectionListener listener : listeners) listener.onClosed();
    }

    public boolean isConnected() {
        ModularXmppClientToServerConnection c = connection;
        return c != null && c.isAuthenticated();
    }

    public void addConnectionListener(ChatConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeConnectionListener(ChatConnectionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public long currentUserId() {
        return userId;
    }

    @Override
    public void setSignalListener(SignalChannel.Listener listener) {
        this.signalListener = listener;
    }

    /**
     * Sends a call signal as a headline to the user's bare JID (docs/protocol.md §3.2). Never blocks: the
     * stanza goes into Smack's send queue, and when that queue is full the future fails instead of waiting.
     */
    @Override
    public CompletableFuture<Void> send(long toUserId, CallSignal signal) {
        return sendHeadline(toUserId, SignalCodec.encode(signal), "signal");
    }

    @Override
    public void setSystemMessageListener(SystemMessageChannel.Listener listener) {
        this.systemMessageListener = listener;
    }

    /** Sends a system message as a headline to the user's bare JID (docs/protocol.md §3.2); never blocks, as {@link #send}. */
    @Override
    public CompletableFuture<Void> sendSystemMessage(long toUserId, Map<String, String> fields) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("moduleIdentifier", SystemMessageChannel.MODULE);
        fields.forEach((name, value) -> {
            if (!"moduleIdentifier".equals(name)) params.put(name, value);
        });
        return sendHeadline(toUserId, params, "system message");
    }

    private CompletableFuture<Void> sendHeadline(long toUserId, Map<String, Object> params, String what) {
        ModularXmppClientToServerConnection c = connection;
        if (c == null || !c.isAuthenticated()) {
            return CompletableFuture.failedFuture(new ParleyException("not connected to chat"));
        }
        try {
            Message message = c.getStanzaFactory().buildMessageStanza()
                    .to(jidOf(toUserId))
                    .ofType(Message.Type.headline)
                    .addExtension(new ExtraParams(params))
                    .build();
            c.sendStanzaNonBlocking(message);
            return CompletableFuture.completedFuture(null);
        } catch (SmackException.NotConnectedException e) {
            return CompletableFuture.failedFuture(new ParleyException("not connected to chat", e));
        } catch (SmackException.OutgoingQueueFullException e) {
            return CompletableFuture.failedFuture(new ParleyException("the chat connection's send queue is full", e));
        } catch (RuntimeException | XmppStringprepException e) {
            return CompletableFuture.failedFuture(new ParleyException(what + " not sent: " + e.getMessage(), e));
        }
    }

    private EntityBareJid jidOf(long id) throws XmppStringprepException {
        return JidCreate.entityBareFrom(id + "-" + settings.applicationId() + "@" + settings.chatDomain());
    }

    private void onStanza(Stanza stanza) {
        ExtraParams params = stanza.getExtension(ExtraParams.class);
        if (params == null) return;
        // Signals are never stored; anything replayed from storage is stale (docs/protocol.md §3.2).
        if (stanza.hasExtension("delay", "urn:xmpp:delay")) return;
        long from = userIdOf(stanza.getFrom());
        if (SystemMessageChannel.MODULE.equals(params.fields().get("moduleIdentifier"))) {
            onSystemMessage(from, params.fields());
            return;
        }
        SignalChannel.Listener listener = signalListener;
        if (from <= 0 || listener == null) return;
        CallSignal signal;
        try {
            signal = SignalCodec.decode(params.fields());
        } catch (SignalFormatException e) {
            LOG.debug("a signal from {} dropped: {}", from, e.getMessage());
            return;
        }
        try {
            listener.onSignal(from, signal);
        } catch (RuntimeException e) {
            LOG.warn("the signal listener failed on a signal from {}", from, e);
        }
    }

    /** A system message's text fields (nested ones, which system messages do not use, are left out). */
    private void onSystemMessage(long from, Map<String, Object> params) {
        SystemMessageChannel.Listener listener = systemMessageListener;
        if (from <= 0 || listener == null) return;
        Map<String, String> fields = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (value instanceof String text && !"moduleIdentifier".equals(name)) fields.put(name, text);
        });
        try {
            listener.onSystemMessage(from, fields);
        } catch (RuntimeException e) {
            LOG.warn("the system message listener failed on a message from {}", from, e);
        }
    }

    /** {@code {userId}-{appId}@domain/resource} → userId, or 0. */
    static long userIdOf(Jid jid) {
        if (jid == null) return 0;
        Matcher matcher = USER_JID.matcher(jid.toString());
        if (!matcher.matches()) return 0;
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private ModularXmppClientToServerConnectionConfiguration configuration(long id, String secret) {
        boolean secure = "wss".equals(settings.chatUrl().getScheme());
        try {
            ModularXmppClientToServerConnectionConfiguration.Builder builder = ModularXmppClientToServerConnectionConfiguration
                    .builder()
                    .removeAllModules()
                    .setXmppDomain(settings.chatDomain())
                    .setUsernameAndPassword(id + "-" + settings.applicationId(), secret)
                    .setSendPresence(true)
                    .setSecurityMode(secure ? SecurityMode.ifpossible : SecurityMode.disabled);
            if (settings.sslContext() != null) builder.setSslContextFactory(settings::sslContext);
            XmppWebSocketTransportModuleDescriptor.Builder webSocket = XmppWebSocketTransportModuleDescriptor.getBuilder(builder);
            webSocket.explicitlySetWebSocketEndpointAndDiscovery(settings.chatUrl(), false);
            builder.addModule(webSocket.build());
            return builder.build();
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("chat domain \"" + settings.chatDomain() + "\" is not a valid XMPP domain", e);
        }
    }

    /** Smack's connection events → the app's listeners. */
    private final class Forwarder implements ConnectionListener {
        @Override
        public void authenticated(org.jivesoftware.smack.XMPPConnection c, boolean resumed) {
            if (connection == null) return; // the first login: connect() tells the listeners
            for (ChatConnectionListener listener : listeners) listener.onConnected();
        }

        @Override
        public void connectionClosedOnError(Exception e) {
            LOG.info("chat connection lost: {}", e.toString());
            for (ChatConnectionListener listener : listeners) listener.onDisconnected(e, true);
        }
    }
}
