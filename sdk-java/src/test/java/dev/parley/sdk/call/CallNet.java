package dev.parley.sdk.call;

import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalCodec;
import dev.parley.sdk.chat.ExtraParams;
import dev.parley.sdk.chat.ExtraParamsProvider;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Users on a fake clock whose signals travel in memory as ChatService carries them: encoded with the
 * SDK's signal codec, written to XML and read back with its extraParams codec, decoded again. Each user
 * records every callback as text ("accept 2 {k=v}") and every signal it sent as wire fields.
 */
final class CallNet {

    final FakeScheduler clock = new FakeScheduler();
    private final Map<Long, User> users = new HashMap<>();

    final class User implements SignalChannel, RTCClientSessionCallbacks, RTCSessionConnectionCallbacks {
        final long id;
        final FakeEngine engine;
        final RTCClient client;
        final List<String> events = new ArrayList<>();
        final List<Map<String, Object>> sent = new ArrayList<>();
        final List<RTCSession> sessions = new ArrayList<>();
        final List<RTCStatsReport> reports = new ArrayList<>();
        private Listener listener;
        boolean online = true;

        User(long id, RTCConfig config) {
            this.id = id;
            this.engine = new FakeEngine("user" + id);
            this.client = new RTCClient(this, engine, config, new RTCMediaConfig(), clock, Runnable::run);
            client.addSessionCallbacksListener(this);
            client.prepareToProcessCalls();
        }

        RTCSession call(ConferenceType type, Map<String, String> userInfo, User... callees) {
            List<Long> ids = new ArrayList<>();
            for (User callee : callees) ids.add(callee.id);
            RTCSession session = client.createNewSessionWithOpponents(ids, type);
            watch(session);
            session.startCall(userInfo);
            clock.runPending();
            return session;
        }

        void watch(RTCSession session) {
            sessions.add(session);
            session.addConnectionCallbacksListener(this);
            session.addStatsReportCallback((s, report) -> reports.add(report));
        }

        RTCSession last() {
            return sessions.get(sessions.size() - 1);
        }

        /** The signals of one type this user sent, in order. */
        List<Map<String, Object>> sent(String type) {
            return sent.stream().filter(f -> type.equals(f.get("signalType"))).toList();
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }

        @Override
        public long currentUserId() {
            return id;
        }

        @Override
        public CompletableFuture<Void> send(long toUserId, CallSignal signal) {
            if (!online) return CompletableFuture.failedFuture(new IllegalStateException("offline"));
            Map<String, Object> fields = roundTrip(SignalCodec.encode(signal));
            sent.add(fields);
            deliver(toUserId, id, fields);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void setSignalListener(Listener listener) {
            this.listener = listener;
        }

        private void record(String event) {
            events.add(event);
        }

        @Override
        public void onReceiveNewSession(RTCSession session) {
            watch(session);
            record("new " + session.getCallerID() + " " + session.getUserInfo());
        }

        @Override
        public void onUserNoActions(RTCSession session, long userId) {
            record("noActions " + userId);
        }

        @Override
        public void onSessionStartClose(RTCSession session) {
            record("startClose");
        }

        @Override
        public void onUserNotAnswer(RTCSession session, long userId) {
            record("notAnswer " + userId);
        }

        @Override
        public void onCallRejectByUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("reject " + userId + " " + userInfo);
        }

        @Override
        public void onCallAcceptByUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("accept " + userId + " " + userInfo);
        }

        @Override
        public void onReceiveHangUpFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("hangUp " + userId + " " + userInfo);
        }

        @Override
        public void onUpdateFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("update " + userId + " " + userInfo);
        }

        @Override
        public void onSessionClosed(RTCSession session) {
            record("closed");
        }

        @Override
        public void onStartConnectToUser(RTCSession session, long userId) {
            record("startConnect " + userId);
        }

        @Override
        public void onConnectedToUser(RTCSession session, long userId) {
            record("connected " + userId);
        }

        @Override
        public void onConnectionFailedWithUser(RTCSession session, long userId) {
            record("failed " + userId);
        }

        @Override
        public void onDisconnectedFromUser(RTCSession session, long userId) {
            record("disconnected " + userId);
        }

        @Override
        public void onDisconnectedTimeoutFromUser(RTCSession session, long userId) {
            record("disconnectTimeout " + userId);
        }

        @Override
        public void onConnectionClosedForUser(RTCSession session, long userId) {
            record("connectionClosed " + userId);
        }

        @Override
        public void onStateChanged(RTCSession session, RTCSessionState state) {
            record("state " + state);
        }

        @Override
        public void onPeerStateChanged(RTCSession session, long userId, RTCConnectionState state) {
            record("peer " + userId + " " + state);
        }
    }

    /** Hands wire fields to a user as its chat connection would: decoded, on the SDK thread. */
    void deliver(long toUserId, long fromUserId, Map<String, Object> fields) {
        User to = users.get(toUserId);
        if (to == null || !to.online || to.listener == null) return;
        CallSignal signal;
        try {
            signal = SignalCodec.decode(fields);
        } catch (Exception e) {
            return; // dropped, as ChatService drops it
        }
        clock.execute(() -> to.listener.onSignal(fromUserId, signal));
    }

    User user(long id) {
        return user(id, c -> { });
    }

    User user(long id, Consumer<RTCConfig> configure) {
        RTCConfig config = new RTCConfig();
        configure.accept(config);
        User user = new User(id, config);
        users.put(id, user);
        return user;
    }

    /** Through the XML codec and back, as a real chat connection would carry it. */
    static Map<String, Object> roundTrip(Map<String, Object> fields) {
        String xml = new ExtraParams(fields).toXML(org.jivesoftware.smack.packet.XmlEnvironment.EMPTY).toString();
        try {
            XmlPullParser parser = PacketParserUtils.getParserFor(xml);
            return new ExtraParamsProvider().parse(parser, parser.getDepth(), null).fields();
        } catch (Exception e) {
            throw new AssertionError("signal does not survive XML: " + xml, e);
        }
    }
}
