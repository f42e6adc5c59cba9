package dev.parley.conference.sdp;

/** The direction attributes of RFC 8866 §6.7, seen from the side that writes them. */
public enum Direction {
    SENDRECV("sendrecv"), SENDONLY("sendonly"), RECVONLY("recvonly"), INACTIVE("inactive");

    private final String attribute;

    Direction(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction an answer gives when the offer said this one and the answerer only wants {@code wanted}. */
    public Direction answer(Direction wanted) {
        boolean send = receives() && wanted.sends();
        boolean receive = sends() && wanted.receives();
        return send && receive ? SENDRECV : send ? SENDONLY : receive ? RECVONLY : INACTIVE;
    }

    static Direction fromAttribute(String name) {
        for (Direction direction : values()) {
            if (direction.attribute.equals(name)) {
                return direction;
            }
        }
        return null;
    }
}
