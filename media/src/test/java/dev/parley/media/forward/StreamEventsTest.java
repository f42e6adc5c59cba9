package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-stream events the conference layer turns into Janus {@code media} and talking events. */
class StreamEventsTest {

    @Test
    void reportsWhenAStreamStartsAndStopsReceiving() {
        RoomScenario scenario = new RoomScenario();
        scenario.run(500, scenario.a);
        assertThat(scenario.events).containsSubsequence("a.audio receiving", "a.video receiving");
        assertThat(scenario.a.audio.isReceiving()).isTrue();

        scenario.events.clear();
        scenario.idle(900);
        assertThat(scenario.events).doesNotContain("a.audio stopped");
        scenario.idle(200);
        assertThat(scenario.events).contains("a.audio stopped", "a.video stopped");
        assertThat(scenario.a.audio.isReceiving()).isFalse();

        scenario.events.clear();
        scenario.run(100, scenario.a);
        assertThat(scenario.events).contains("a.audio receiving", "a.video receiving");
        assertThat(scenario.events).doesNotContain("b.audio receiving");
    }

    @Test
    void paddingDoesNotCountAsMedia() {
        RoomScenario scenario = new RoomScenario();
        FakeBrowser browser = scenario.a.browser;
        scenario.a.send(browser.rtxPadding());
        scenario.a.send(browser.videoPadding());
        assertThat(scenario.a.video.packetsReceived()).as("counted in the stream's statistics").isEqualTo(1);
        assertThat(scenario.events).isEmpty();
    }

    @Test
    void averagesAudioLevelsOverAWindowOfPackets() {
        RoomScenario scenario = new RoomScenario();
        for (int i = 0; i < 100; i++) {
            scenario.a.send(scenario.a.browser.audio(i < 50 ? 20 : 40));
        }
        assertThat(scenario.events).containsExactly("a.audio receiving", "a.audio level 30");
        for (int i = 0; i < 99; i++) {
            scenario.a.send(scenario.a.browser.audio(127));
        }
        assertThat(scenario.events).hasSize(2);
        scenario.a.send(scenario.a.browser.audio(127));
        assertThat(scenario.events).last().isEqualTo("a.audio level 127");
    }

    @Test
    void reportsSpeechLevelsOverShortWindowsToo() {
        RoomScenario scenario = new RoomScenario();
        for (int i = 0; i < 8; i++) {
            scenario.a.send(scenario.a.browser.audio(i < 2 ? 10 : i < 4 ? 30 : 127));
        }
        scenario.a.send(scenario.a.browser.audio(50));
        assertThat(scenario.speech).containsExactly("a.audio 20", "a.audio 127");
        assertThat(scenario.events).doesNotContain("a.audio level 20");
    }

    @Test
    void reportsKeyframes() {
        RoomScenario scenario = new RoomScenario();
        for (byte[] packet : scenario.a.browser.videoFrame(false, 2)) {
            scenario.a.send(packet);
        }
        assertThat(scenario.events).doesNotContain("a.video keyframe");
        for (byte[] packet : scenario.a.browser.videoFrame(true, 3)) {
            scenario.a.send(packet);
        }
        assertThat(scenario.events).containsOnlyOnce("a.video keyframe");
    }
}
