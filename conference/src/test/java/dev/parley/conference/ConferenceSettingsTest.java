package dev.parley.conference;

import dev.parley.common.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** parley.conference in reference.conf, read into one settings record. */
class ConferenceSettingsTest {

    @Test
    void readsTheDefaults() {
        ConferenceSettings settings = ConferenceSettings.from(ConfigLoader.load(Map.of(), Optional.empty(), Map.of()));

        assertThat(settings.sessionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.longPollWait()).isEqualTo(Duration.ofSeconds(25));
        assertThat(settings.maxMessageSize()).isEqualTo(64 * 1024);
        assertThat(settings.maxPublishers()).isEqualTo(12);
        assertThat(settings.codecs().video()).containsExactly("vp8", "vp9", "h264", "av1");
        assertThat(settings.talkingLevel()).isEqualTo(25);
        assertThat(settings.slowLinkThreshold()).isZero();
    }

    @Test
    void takesEnvironmentOverrides() {
        ConferenceSettings settings = ConferenceSettings.from(ConfigLoader.load(Map.of(), Optional.empty(),
                Map.of("PARLEY_CONFERENCE_MAX_PUBLISHERS", "6", "PARLEY_CONFERENCE_VIDEO_CODECS", "h264,vp8")));

        assertThat(settings.maxPublishers()).isEqualTo(6);
        assertThat(settings.codecs().video()).isEqualTo(List.of("h264", "vp8"));
    }

    @Test
    void refusesALongPollWaitTheIdleTimeoutWouldCutShort() {
        assertThatThrownBy(() -> ConferenceSettings.from(ConfigLoader.load(
                Map.of("parley.conference.long-poll-wait", "130s", "parley.conference.session-timeout", "200s"),
                Optional.empty(), Map.of())))
                .hasMessageContaining("http.idle-timeout");
    }

    @Test
    void refusesALongPollWaitThatWouldLetItsSessionTimeOut() {
        assertThatThrownBy(() -> ConferenceSettings.from(ConfigLoader.load(
                Map.of("parley.conference.session-timeout", "20s"), Optional.empty(), Map.of())))
                .hasMessageContaining("must be shorter than session-timeout");
    }

    @Test
    void refusesCodecsParleyDoesNotForward() {
        assertThatThrownBy(() -> ConferenceSettings.from(ConfigLoader.load(Map.of(), Optional.empty(),
                Map.of("PARLEY_CONFERENCE_VIDEO_CODECS", "h265")))).hasMessageContaining("h265");
    }

    @Test
    void refusesFewerHandlesThanARoomOfPublishersNeeds() {
        assertThatThrownBy(() -> ConferenceSettings.from(ConfigLoader.load(Map.of(), Optional.empty(),
                Map.of("PARLEY_CONFERENCE_MAX_HANDLES_PER_SESSION", "12")))).hasMessageContaining("max-handles-per-session");
    }
}
