package dev.parley.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.parley.sdk.conference.ConferenceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Java SDK conference sessions in one video room of a real Parley server (docs/protocol.md §4.3), with real WebRTC
 * (webrtc-java) and synthetic media: each publishes once and receives the others on one multistream subscriber
 * connection. Media needs the private network namespace: run inside scripts/netns-run.
 */
@Tag("media")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaConferenceTest {

    @RegisterExtension
    static final RealServer server = RealServer.forMedia();
    private final List<ConferenceUser> users = new ArrayList<>();

    @AfterEach
    void closeUsers() {
        users.forEach(ConferenceUser::close);
    }

    private ConferenceUser user() throws Exception {
        ConferenceUser user = ConferenceUser.create(server.process(), server.login("conf"));
        users.add(user);
        return user;
    }

    @Test
    void threeParticipantsEachReceiveTheOthersOnOneSubscription() throws Exception {
        ConferenceUser alice = user();
        ConferenceUser bob = user();
        ConferenceUser carol = user();
        String room = "java-room-" + server.lastLogin();
        assertThat(alice.join(room)).isEmpty();
        assertThat(bob.join(room)).containsExactly(alice.id());
        assertThat(carol.join(room)).containsExactlyInAnyOrder(alice.id(), bob.id());
        alice.waitEvent("publishers [" + bob.id() + "]");
        alice.waitEvent("publishers [" + carol.id() + "]");
        for (ConferenceUser receiver : users) {
            for (ConferenceUser sender : users) {
                if (receiver != sender) receiver.waitMediaFrom(sender.id());
            }
            receiver.waitEvent("connected " + (receiver == alice ? bob.id() : alice.id()));
        }
    }

    @Test
    void aPublisherWhoLeavesIsGoneForTheOthersAndCanJoinAgain() throws Exception {
        ConferenceUser alice = user();
        ConferenceUser bob = user();
        String room = "java-rejoin-" + server.lastLogin();
        alice.join(room);
        bob.join(room);
        alice.waitMediaFrom(bob.id());

        bob.session.leave().get(20, TimeUnit.SECONDS);
        assertThat(bob.session.getState()).isEqualTo(ConferenceState.CLOSED);
        alice.waitEvent("left " + bob.id());
        alice.waitEvent("connection closed " + bob.id());
        assertThat(alice.session.getPublishers().get(5, TimeUnit.SECONDS)).isEmpty();

        alice.events.clear();
        alice.lastStats.clear();
        assertThat(bob.join(room)).containsExactly(alice.id());
        alice.waitEvent("publishers [" + bob.id() + "]");
        alice.waitMediaFrom(bob.id());
        bob.waitMediaFrom(alice.id());
    }

    @Test
    void aMutedCameraStopsForTheOthersAndComesBack() throws Exception {
        ConferenceUser alice = user();
        ConferenceUser bob = user();
        String room = "java-mute-" + server.lastLogin();
        alice.join(room);
        bob.join(room);
        bob.waitMediaFrom(alice.id());

        alice.session.setVideoEnabled(false).get(10, TimeUnit.SECONDS);
        bob.waitEvent("media " + alice.id() + " VIDEO false");
        alice.session.setVideoEnabled(true).get(10, TimeUnit.SECONDS);
        bob.waitEvent("media " + alice.id() + " VIDEO true");
        bob.waitMediaFrom(alice.id());
    }
}
