package dev.parley.conference.janus;

/** A session description travelling with a Janus message or event (JSEP, RFC 8829): {@code {type, sdp}}. */
public record Jsep(Type type, String sdp) {

    public enum Type {
        OFFER("offer"), ANSWER("answer");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public static Jsep offer(String sdp) {
        return new Jsep(Type.OFFER, sdp);
    }

    public static Jsep answer(String sdp) {
        return new Jsep(Type.ANSWER, sdp);
    }
}
