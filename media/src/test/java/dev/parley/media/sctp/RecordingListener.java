package dev.parley.media.sctp;

import java.util.ArrayList;
import java.util.List;

/** Records what an association tells its listener. */
final class RecordingListener implements SctpAssociation.Listener {

    record Received(int stream, long ppid, byte[] data) {
    }

    final List<Received> messages = new ArrayList<>();
    final List<int[]> resets = new ArrayList<>();
    int established;
    String closed;

    @Override
    public void onEstablished() {
        established++;
    }

    @Override
    public void onMessage(int stream, long ppid, byte[] data) {
        messages.add(new Received(stream, ppid, data));
    }

    @Override
    public void onIncomingStreamsReset(int[] streams) {
        resets.add(streams);
    }

    @Override
    public void onClosed(String reason) {
        closed = reason;
    }
}
