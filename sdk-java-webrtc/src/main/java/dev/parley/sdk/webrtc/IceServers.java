package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.onvoid.webrtc.RTCIceServer;
import dev.parley.sdk.media.IceServer;
import dev.parley.sdk.media.MediaException;

/**
 * Checks ICE servers before they reach WebRTC: webrtc-java 0.14.0 crashes the JVM on a URL it
 * cannot parse instead of failing the peer connection.
 */
final class IceServers {

    /** {@code stun:host[:port]}, {@code turn:host[:port][?transport=udp|tcp]}, and the TLS variants. */
    private static final Pattern URL = Pattern.compile(
            "(stuns?):(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+)(:\\d{1,5})?"
                    + "|(turns?):(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+)(:\\d{1,5})?(\\?transport=(udp|tcp))?");

    private IceServers() {
    }

    static List<RTCIceServer> toNative(List<IceServer> servers) throws MediaException {
        List<RTCIceServer> converted = new ArrayList<>();
        for (IceServer server : servers) {
            for (String url : server.urls()) {
                if (url == null || !URL.matcher(url).matches()) {
                    throw new MediaException("not a STUN or TURN URL: " + url);
                }
                if (url.startsWith("turn") && (server.username() == null || server.credential() == null)) {
                    throw new MediaException("TURN server " + url + " needs a username and a credential");
                }
            }
            RTCIceServer ice = new RTCIceServer();
            ice.urls = server.urls();
            ice.username = server.username();
            ice.password = server.credential();
            converted.add(ice);
        }
        return converted;
    }
}
