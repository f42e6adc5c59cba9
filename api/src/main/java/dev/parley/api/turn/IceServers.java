package dev.parley.api.turn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The answer of {@code GET /ice_servers}: entries in the shape of WebRTC's {@code RTCIceServer} and how many seconds
 * their credentials last.
 */
public record IceServers(@JsonProperty("ice_servers") List<Server> iceServers, long ttl) {

    public IceServers {
        iceServers = List.copyOf(iceServers);
    }

    /** One {@code RTCIceServer}; STUN entries carry no credentials. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Server(List<String> urls, String username, String credential) {

        public Server {
            urls = List.copyOf(urls);
        }
    }
}
