package dev.parley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.sdk.media.IceServer;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RestIceServers}: reuse, refresh at 80 % of the ttl, and what a failed fetch leaves, on a fake clock. */
class RestIceServersTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final TestClock clock = new TestClock();
    /** The answers the server gives, in order; a ParleyException in the list is thrown instead. */
    final Queue<Object> answers = new ArrayDeque<>();
    final List<Instant> fetchedAt = new ArrayList<>();
    /** Background refreshes, run when the test says so. */
    final Queue<Runnable> background = new ArrayDeque<>();
    final RestIceServers servers = new RestIceServers(this::fetch, clock, background::add);

    JsonNode fetch() {
        fetchedAt.add(clock.instant());
        Object next = answers.remove();
        if (next instanceof ParleyException e) throw e;
        return (JsonNode) next;
    }

    static JsonNode answer(String username, long ttl) {
        try {
            return JSON.readTree("{\"ice_servers\":[{\"urls\":[\"stun:turn.example.com:3478\"]},{\"urls\":["
                    + "\"turn:turn.example.com:3478?transport=udp\",\"turns:turn.example.com:443?transport=tcp\"],"
                    + "\"username\":\"" + username + "\",\"credential\":\"c2VjcmV0\"}],\"ttl\":" + ttl + "}");
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String username(List<IceServer> list) {
        return list.get(1).username();
    }

    @Test
    void theFirstPeerConnectionFetchesAndLaterOnesReuseTheList() {
        answers.add(answer("first", 1000));

        List<IceServer> first = servers.iceServers();
        clock.advance(Duration.ofSeconds(500));
        List<IceServer> later = servers.iceServers();

        assertThat(fetchedAt).hasSize(1);
        assertThat(later).isEqualTo(first);
        assertThat(first).containsExactly(new IceServer(List.of("stun:turn.example.com:3478"), null, null),
                new IceServer(List.of("turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:443?transport=tcp"),
                        "first", "c2VjcmV0"));
        assertThat(background).isEmpty();
    }

    @Test
    void at80PercentOfTheTtlTheListIsRefreshedInTheBackgroundWhileTheOldOneServes() {
        answers.add(answer("first", 1000));
        answers.add(answer("second", 1000));
        servers.iceServers();

        clock.advance(Duration.ofSeconds(799));
        assertThat(username(servers.iceServers())).isEqualTo("first");
        assertThat(background).as("not due before 80 %").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(username(servers.iceServers())).as("the current list still serves").isEqualTo("first");
        assertThat(username(servers.iceServers())).isEqualTo("first");
        assertThat(background).as("one refresh at a time").hasSize(1);

        background.remove().run();
        assertThat(username(servers.iceServers())).isEqualTo("second");
        assertThat(fetchedAt).containsExactly(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:13:20Z"));
        assertThat(background).isEmpty();
    }

    @Test
    void anExpiredListIsFetchedAgainBeforeTheConnectionIsMade() {
        answers.add(answer("first", 60));
        answers.add(answer("second", 60));
        servers.iceServers();

        clock.advance(Duration.ofSeconds(60));

        assertThat(username(servers.iceServers())).isEqualTo("second");
        assertThat(fetchedAt).hasSize(2);
    }

    @Test
    void aFailedFirstFetchGivesNoServersAndTheNextConnectionTriesAgain() {
        answers.add(new ParleyException("GET /ice_servers: the server could not be reached (Connection refused)"));
        answers.add(answer("first", 60));

        assertThat(servers.iceServers()).isEmpty();
        assertThat(username(servers.iceServers())).isEqualTo("first");
    }

    @Test
    void aFailedBackgroundRefreshKeepsTheListUntilItExpires() {
        answers.add(answer("first", 100));
        answers.add(new ParleyException("GET /ice_servers: 503"));
        answers.add(answer("third", 100));
        servers.iceServers();
        clock.advance(Duration.ofSeconds(90));
        servers.iceServers();
        background.remove().run();

        assertThat(username(servers.iceServers())).isEqualTo("first");
        assertThat(background).as("the next connection tries again").hasSize(1);
        background.clear();
        clock.advance(Duration.ofSeconds(10));
        assertThat(username(servers.iceServers())).isEqualTo("third");
    }

    @Test
    void anAnswerThatIsNoServerListIsAClearError() throws Exception {
        answers.add(JSON.readTree("{\"ice_servers\":[]}"));
        answers.add(JSON.readTree("{\"ice_servers\":[{\"username\":\"u\"}],\"ttl\":60}"));
        answers.add(JSON.readTree("{\"ice_servers\":{},\"ttl\":60}"));

        assertThatThrownBy(servers::refresh).hasMessage("GET /ice_servers: the answer has no positive ttl");
        assertThatThrownBy(servers::refresh).hasMessage("GET /ice_servers: a server has no urls");
        assertThatThrownBy(servers::refresh).hasMessageContaining("ice_servers is not a list");
    }

    @Test
    void noServersConfiguredIsAnEmptyListThatIsStillReused() throws Exception {
        answers.add(JSON.readTree("{\"ice_servers\":[],\"ttl\":86400}"));

        assertThat(servers.iceServers()).isEmpty();
        assertThat(servers.iceServers()).isEmpty();
        assertThat(fetchedAt).hasSize(1);
    }
}
