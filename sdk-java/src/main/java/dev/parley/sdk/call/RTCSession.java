package dev.parley.sdk.call;

import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalHeader;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaTrack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One call: the local media, a connection per opponent, the session state, and the timers of
 * docs/protocol.md §3.3 (answer time, dialing re-sends). Group calls are a mesh of at most 4 people.
 * This class is the app's face of a session; the state machine is {@link CallFlow}, the re-sends
 * {@link Dialer}, the local side {@link SessionMedia}, the listeners {@link SessionListeners}.
 *
 * <p>Threading: every method is safe from any thread. Actions run on the SDK thread and return a
 * future that completes when done, or fails with {@link IllegalStateException} when the session's
 * state does not allow it (e.g. accepting a call that was already closed); a failed action changes
 * nothing. Hanging up a session that is closing or closed already does nothing and succeeds: both
 * sides may hang up at the same moment. The getters read state the SDK thread publishes safely
 * (volatile fields, concurrent maps), so an app thread sees each value as it was at some moment,
 * not necessarily all of them at the same moment. Events arrive through the listeners.
 */
public final class RTCSession {

    private final SignalHeader header;
    private final long currentUserId;
    private final Map<String, String> userInfo;
    private final Scheduler scheduler;
    private final SessionListeners listeners;
    private final SessionMedia media;
    private final CallFlow flow;

    RTCSession(RTCClient client, Scheduler scheduler, SignalHeader header, long currentUserId, Map<String, String> userInfo) {
        this.header = header;
        this.currentUserId = currentUserId;
        this.userInfo = Map.copyOf(userInfo);
        this.scheduler = scheduler;
        this.listeners = new SessionListeners(client, this);
        this.media = new SessionMedia(client.engine(), client.mediaConfig(), header.callType(), listeners);
        this.flow = new CallFlow(client, scheduler, this, header, listeners, media);
    }

    // ---- what the app reads ----

    public String getSessionID() {
        return header.sessionId();
    }

    /** The user who started the call. */
    public long getCallerID() {
        return header.callerId();
    }

    /** Everyone called, the initiator excepted. */
    public List<Long> getOpponents() {
        return header.opponentIds();
    }

    public ConferenceType getConferenceType() {
        return header.callType();
    }

    public long getCurrentUserID() {
        return currentUserId;
    }

    /** The userInfo the caller sent with the call (empty for an outgoing call). */
    public Map<String, String> getUserInfo() {
        return userInfo;
    }

    public RTCSessionState getState() {
        return flow.state();
    }

    /** Whether this user started the call. */
    public boolean isOutgoing() {
        return header.callerId() == currentUserId;
    }

    /** The connection state with one participant ({@code UNKNOWN} when there is none). */
    public RTCConnectionState getPeerState(long userId) {
        PeerLink link = flow.link(userId);
        return link == null ? RTCConnectionState.UNKNOWN : link.state();
    }

    /** How many times {@code call} was sent to the user (first call and re-sends). */
    public int getCallsSent(long userId) {
        return flow.callsSent(userId);
    }

    /** ICE restarts this side made on the connection with the user. */
    public int getIceRestarts(long userId) {
        PeerLink link = flow.link(userId);
        return link == null ? 0 : link.iceRestarts();
    }

    /** Everyone in the call but this user. */
    public List<Long> getParticipants() {
        List<Long> all = new ArrayList<>();
        if (header.callerId() != currentUserId) all.add(header.callerId());
        for (Long id : header.opponentIds()) if (id != currentUserId) all.add(id);
        return Collections.unmodifiableList(all);
    }

    /** The local microphone track, once the call was started or accepted. */
    public MediaTrack getLocalAudioTrack() {
        return media.audioTrack();
    }

    public MediaTrack getLocalVideoTrack() {
        return media.videoTrack();
    }

    public boolean isAudioEnabled() {
        MediaTrack track = media.audioTrack();
        return track != null && track.isEnabled();
    }

    public boolean isVideoEnabled() {
        MediaTrack track = media.videoTrack();
        return track != null && track.isEnabled();
    }

    public boolean isSharingScreen() {
        return media.isSharingScreen();
    }

    /** Level of this user's microphone now, 0..1. */
    public double getLocalMicLevel() {
        return media.microphoneLevel();
    }

    /**
     * The devices the other participants' sound can be played on, as the media engine lists them (the ConnectyCube SDK's
     * {@code getAudioOutputs}); empty when the engine plays no sound (the webrtc-java engine, see docs/sdk-java.md).
     */
    public List<MediaDevice> getAudioOutputs() {
        return media.audioOutputs();
    }

    // ---- listeners ----

    public void addConnectionCallbacksListener(RTCSessionConnectionCallbacks listener) {
        listeners.add(listener);
    }

    public void removeConnectionCallbacksListener(RTCSessionConnectionCallbacks listener) {
        listeners.remove(listener);
    }

    /** Local and remote audio and video tracks (add it before starting or accepting the call). */
    public void addTrackCallbacksListener(RTCTrackCallbacks listener) {
        listeners.add(listener);
    }

    public void removeTrackCallbacksListener(RTCTrackCallbacks listener) {
        listeners.remove(listener);
    }

    /** Stats reports, every {@link RTCConfig#statsReportInterval()} ms while in the call. */
    public void addStatsReportCallback(RTCStatsCallback callback) {
        listeners.add(callback);
    }

    public void removeStatsReportCallback(RTCStatsCallback callback) {
        listeners.remove(callback);
    }

    // ---- call control ----

    /** Calls every opponent (the initiator only, once), with {@code userInfo} for them. */
    public CompletableFuture<Void> startCall(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return act(() -> flow.start(info));
    }

    /** Accepts the ringing call, then calls the other opponents of a group call whose id is lower. */
    public CompletableFuture<Void> acceptCall(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return act(() -> flow.accept(info));
    }

    /** Declines the ringing call; the caller gets {@code onCallRejectByUser} with {@code userInfo}. */
    public CompletableFuture<Void> rejectCall(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return run(() -> flow.reject(info));
    }

    /**
     * Hangs up: tells every peer that knows of the call and closes the session. An outgoing call not started
     * (or whose offers were not sent yet) just closes; a session closing or closed already stays so, and the
     * future succeeds. A ringing incoming call is rejected instead.
     */
    public CompletableFuture<Void> hangUp(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return run(() -> flow.hangUp(info));
    }

    /** Sends {@code userInfo} to every peer during the call: {@code onUpdateFromUser} on their side. */
    public CompletableFuture<Void> update(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return run(() -> flow.update(info));
    }

    // ---- media control ----

    /** Mutes (false) or unmutes the microphone: the others hear silence. */
    public CompletableFuture<Void> setAudioEnabled(boolean enabled) {
        return run(() -> media.setAudioEnabled(enabled));
    }

    /** Turns the camera off (black frames for the others) or on again. */
    public CompletableFuture<Void> setVideoEnabled(boolean enabled) {
        return run(() -> media.setVideoEnabled(enabled));
    }

    /** Sends another camera's picture (an id from {@code MediaEngine.devices(CAMERA)}). */
    public CompletableFuture<Void> switchCamera(String deviceId) {
        return run(() -> media.switchCamera(deviceId));
    }

    public CompletableFuture<Void> switchMicrophone(String deviceId) {
        return run(() -> media.switchMicrophone(deviceId));
    }

    /** Sends a screen (null = the first one) in place of the camera, where the engine has one. */
    public CompletableFuture<Void> startScreenSharing(String screenId) {
        return run(() -> media.startScreenSharing(screenId));
    }

    public CompletableFuture<Void> stopScreenSharing() {
        return run(media::stopScreenSharing);
    }

    /**
     * Plays the other participants' sound on {@code deviceId}, one of {@link #getAudioOutputs()} (the ConnectyCube SDK's
     * "switch audio output"). The engine has one output for all its calls, so this switches them all. Fails with
     * {@link dev.parley.sdk.media.MediaException} when the engine cannot (an unknown id, or an engine that plays
     * no sound).
     */
    public CompletableFuture<Void> selectAudioOutput(String deviceId) {
        return run(() -> media.selectAudioOutput(deviceId));
    }

    /** Caps each outgoing video stream, in kbit/s; 0 lifts the cap. */
    public CompletableFuture<Void> setMaxBandwidth(int kbps) {
        if (kbps < 0) return CompletableFuture.failedFuture(new IllegalArgumentException("max bandwidth is kbit/s ≥ 0"));
        return act(() -> flow.setMaxBandwidth(kbps));
    }

    /** The connection with one user now, with rates since the last sample of that user. */
    public CompletableFuture<RTCStatsReport> getStats(long userId) {
        return act(() -> flow.stats(userId));
    }

    // ---- for the client (SDK thread) ----

    void ring(long from, String sdp) {
        flow.ring(from, sdp);
    }

    void onSignal(long from, CallSignal signal) {
        flow.onSignal(from, signal);
    }

    void close() {
        flow.close();
    }

    /** The connection with a user, for tests on the SDK thread. */
    PeerLink link(long userId) {
        return flow.link(userId);
    }

    // ---- plumbing ----

    /** Runs an app call on the SDK thread; its future fails when the action throws or fails. */
    private <T> CompletableFuture<T> act(Action<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                action.run().whenComplete((value, error) -> {
                    if (error != null) result.completeExceptionally(error);
                    else result.complete(value);
                });
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        };
        if (scheduler.inThread()) task.run();
        else scheduler.execute(task);
        return result;
    }

    /** {@link #act} for an action that is done when it returns. */
    private CompletableFuture<Void> run(VoidAction action) {
        return act(() -> {
            action.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws Exception;
    }

    @FunctionalInterface
    private interface VoidAction {
        void run() throws Exception;
    }

    private static Map<String, String> copy(Map<String, String> userInfo) {
        if (userInfo == null) return Map.of();
        Map<String, String> copy = new LinkedHashMap<>();
        userInfo.forEach((k, v) -> {
            if (k != null && v != null) copy.put(k, v);
        });
        return copy;
    }

    @Override
    public String toString() {
        return "RTCSession[" + header.sessionId() + ", " + flow.state() + ", caller " + header.callerId()
                + ", opponents " + header.opponentIds() + "]";
    }
}
