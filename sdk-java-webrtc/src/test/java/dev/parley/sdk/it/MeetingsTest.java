package dev.parley.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.meeting.Meeting;
import dev.parley.sdk.meeting.MeetingPage;
import dev.parley.sdk.meeting.Meetings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's meetings calls against a real server (docs/protocol.md §2.3; no media; the built server, see RealServer). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("server")
class MeetingsTest {

    @RegisterExtension
    static final RealServer server = RealServer.withoutMedia();
    private static ParleySettings settings;

    @BeforeAll
    static void readSettings() {
        settings = server.settings();
    }

    private static ParleyClient loggedIn(String login) {
        ParleyClient client = new ParleyClient(settings);
        client.signUp(login, "pw-" + login + "-long", login);
        client.login(login, "pw-" + login + "-long");
        return client;
    }

    @Test
    void theHostCreatesListsPagesUpdatesAndDeletesAMeetingThatAttendeesSee() {
        ParleyClient host = loggedIn("meet-host");
        ParleyClient guest = loggedIn("meet-guest");
        ParleyUser guestUser = guest.currentUser();
        Meetings meetings = new Meetings(host);
        long start = System.currentTimeMillis() / 1000;

        Meeting created = meetings.createMeeting("Weekly", start, start + 3600, List.of(Meeting.Attendee.user(guestUser.id())));
        assertThat(created.id()).matches("[0-9a-f]{24}");
        assertThat(created.hostId()).isEqualTo(host.currentUser().id());
        assertThat(created.attendees()).containsExactly(Meeting.Attendee.user(guestUser.id()));
        meetings.createMeeting("Retro", start + 7200, start + 9000, List.of());

        assertThat(meetings.getMeeting(created.id()).name()).isEqualTo("Weekly");
        assertThat(new Meetings(guest).getMeetings(Map.of())).extracting(Meeting::id).containsExactly(created.id());
        assertThat(meetings.getMeetings(Map.of("start_date[gt]", Long.toString(start + 60)))).extracting(Meeting::name)
                .containsExactly("Retro");
        MeetingPage page = meetings.getMeetingsPaged(1, 1, Map.of());
        assertThat(page.totalEntries()).isEqualTo(2);
        assertThat(page.items()).hasSize(1);

        assertThat(meetings.updateMeeting(created.id(), Map.of("name", "Weekly sync")).name()).isEqualTo("Weekly sync");
        assertThatThrownBy(() -> new Meetings(guest).updateMeeting(created.id(), Map.of("name", "mine")))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.status()).isEqualTo(403));

        meetings.deleteMeeting(created.id());
        assertThatThrownBy(() -> meetings.getMeeting(created.id()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> meetings.getMeeting("not-an-id")).isInstanceOf(IllegalArgumentException.class);
    }
}
