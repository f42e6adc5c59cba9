package dev.parley.sdk.webrtc;

import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() throws Exception {
        if (System.getenv("PARLEY_NETNS") == null) return;
        try (TestCall call = TestCall.start()) {
            Waits.until("Bob seeing Alice", Waits.MEDIA, call.bob.remoteVideo::last, f -> f.frames() > 30);
            call.alice.media.videoTrack().setEnabled(false);
            for (int i = 0; i < 5; i++) {
                Waits.sleep(1000);
                System.out.println("A " + call.alice.stats().framesEncoded() + " B dec " + call.bob.stats().framesDecoded() + " " + call.bob.remoteVideo.last());
            }
        }
    }
}
