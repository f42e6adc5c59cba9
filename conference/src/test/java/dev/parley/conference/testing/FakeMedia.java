package dev.parley.conference.testing;

import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.MediaPlane;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.media.RoomMedia;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.IceCandidate;
import dev.parley.conference.sdp.SdpException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A media plane that records what rooms ask of it and lets tests play its events ({@code connected}, {@code
 * closed}, audio levels...) through each endpoint's listener. Endpoints of every room are numbered in opening order.
 */
public final class FakeMedia implements MediaPlane {

    public final List<Room> rooms = new ArrayList<>();
    public final List<Publisher> publishers = new ArrayList<>();
    public final List<Subscriber> subscribers = new ArrayList<>();
    private int opened;

    @Override
    public synchronized RoomMedia openRoom(String name) {
        Room room = new Room(name);
        rooms.add(room);
        return room;
    }

    /** One room's media: its endpoints are also listed in the plane's lists. */
    public final class Room implements RoomMedia {
        public final String name;
        public final List<Endpoint> endpoints = new ArrayList<>();
        public volatile boolean closed;

        Room(String name) {
            this.name = name;
        }

        @Override
        public PublisherEndpoint openPublisher(MediaListener listener) {
            return open(publishers, number -> new Publisher(number, listener));
        }

        @Override
        public SubscriberEndpoint openSubscriber(MediaListener listener) {
            return open(subscribers, number -> new Subscriber(number, listener));
        }

        /** A new endpoint with the next number, listed with its kind and the room's. */
        private <E extends Endpoint> E open(List<E> kind, IntFunction<E> create) {
            synchronized (FakeMedia.this) {
                requireOpen();
                E endpoint = create.apply(++opened);
                kind.add(endpoint);
                endpoints.add(endpoint);
                return endpoint;
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        private void requireOpen() {
            if (closed) {
                throw new IllegalStateException("room media " + name + " is closed");
            }
        }
    }

    /** The endpoint Parley opened last for a publisher. */
    public synchronized Publisher lastPublisher() {
        return publishers.getLast();
    }

    public synchronized Subscriber lastSubscriber() {
        return subscribers.getLast();
    }

    /** What endpoints have in common: numbered ICE credentials, a fixed fingerprint, one host candidate. */
    public abstract static class Endpoint {
        public final int number;
        public final MediaListener listener;
        public volatile boolean closed;
        public volatile int restarts;
        /** What {@code enableData} was given: the sender id and the peer's max-message-size; -1 until it is called. */
        public volatile String dataSender;
        public volatile long dataMaxMessageSize = -1;

        Endpoint(int number, MediaListener listener) {
            this.number = number;
            this.listener = listener;
        }

        public LocalTransport local() {
            try {
                return new LocalTransport("fake" + number + "r" + restarts, "fakepasswordfakepassword" + number,
                        Fingerprint.parse("sha-256 " + "AB:".repeat(31) + "AB"),
                        List.of(IceCandidate.host("1", 2130706431L, "udp", "198.18.0.1", 40000)));
            } catch (SdpException e) {
                throw new AssertionError(e);
            }
        }

        public LocalTransport restartIce() {
            restarts++;
            return local();
        }

        public void enableData(String sender, long remoteMaxMessageSize) {
            dataSender = sender;
            dataMaxMessageSize = remoteMaxMessageSize;
        }

        public void close() {
            closed = true;
        }
    }

    public static final class Publisher extends Endpoint implements PublisherEndpoint {
        public RemoteTransport remote;
        public List<PublishedStream> streams = List.of();
        public final Map<String, Boolean> forwarding = new HashMap<>();
        public int keyframes;
        public long bitrate = -1;

        Publisher(int number, MediaListener listener) {
            super(number, listener);
        }

        @Override
        public void receive(RemoteTransport remoteTransport, List<PublishedStream> published) {
            remote = remoteTransport;
            streams = List.copyOf(published);
        }

        @Override
        public void setForwarding(String mid, boolean forward) {
            forwarding.put(mid, forward);
        }

        @Override
        public void requestKeyframe() {
            keyframes++;
        }

        @Override
        public void capBitrate(long bitsPerSecond) {
            bitrate = bitsPerSecond;
        }
    }

    public static final class Subscriber extends Endpoint implements SubscriberEndpoint {
        public RemoteTransport remote;
        public List<ForwardedStream> streams = List.of();
        public boolean paused;
        public final Map<String, Boolean> sending = new HashMap<>();
        /** Per mid: the substream and temporal layer asked for. */
        public final Map<String, List<Integer>> layers = new HashMap<>();
        public List<PublisherEndpoint> dataFeeds = List.of();

        Subscriber(int number, MediaListener listener) {
            super(number, listener);
        }

        @Override
        public void send(RemoteTransport remoteTransport, List<ForwardedStream> forwarded) {
            remote = remoteTransport;
            streams = List.copyOf(forwarded);
        }

        @Override
        public void setPaused(boolean isPaused) {
            paused = isPaused;
        }

        @Override
        public void setSending(String mid, boolean send) {
            sending.put(mid, send);
        }

        @Override
        public void setLayers(String mid, int substream, int temporal) {
            layers.put(mid, List.of(substream, temporal));
        }

        @Override
        public void receiveData(List<PublisherEndpoint> dataOnlyFeeds) {
            dataFeeds = List.copyOf(dataOnlyFeeds);
        }
    }
}
