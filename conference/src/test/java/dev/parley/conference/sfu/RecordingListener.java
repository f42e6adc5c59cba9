package dev.parley.conference.sfu;

import dev.parley.conference.media.MediaListener;

import java.util.ArrayList;
import java.util.List;

/** A room's listener that writes down what the media plane tells it, in words. */
final class RecordingListener implements MediaListener {

    final List<String> events = new ArrayList<>();

    @Override
    public void connected() {
        events.add("connected");
    }

    @Override
    public void receiving(String mid, boolean receiving) {
        events.add("receiving " + mid + " " + receiving);
    }

    @Override
    public void audioLevel(String mid, int averageLevel) {
        events.add("level " + mid + " " + averageLevel);
    }

    @Override
    public void speechLevel(String mid, int recentLevel) {
        events.add("speech " + mid + " " + recentLevel);
    }

    @Override
    public void slowLink(String mid, boolean uplink, int lost) {
        events.add("slowlink " + mid + (uplink ? " uplink " : " downlink ") + lost);
    }

    @Override
    public void closed(String reason) {
        events.add("closed " + reason);
    }
}
