package dev.parley.conference.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <URI> [<extension attributes>]} (RFC 8285 §8): a header extension's id on
 * this stream; ids 1-14 fit the one-byte form, 1-255 the two-byte form.
 *
 * @param direction empty when the line gives none
 * @param attributes empty when the line gives none
 */
public record ExtMap(int id, String direction, String uri, String attributes) {

    public static ExtMap parse(String value) throws SdpException {
        String[] parts = value.split(" ", 3);
        if (parts.length < 2 || parts[1].isEmpty()) {
            throw new SdpException("a=extmap needs an id and a URI: " + value);
        }
        String idPart = parts[0];
        String direction = "";
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            direction = idPart.substring(slash + 1);
            idPart = idPart.substring(0, slash);
            if (Direction.fromAttribute(direction) == null) {
                throw new SdpException("a=extmap direction is not one of RFC 8866 §6.7: " + value);
            }
        }
        int id = SdpNumbers.integer(idPart, 1, 255, "a=extmap id");
        if (id == 15) {
            throw new SdpException("a=extmap id 15 is reserved (RFC 8285 §4.2): " + value);
        }
        return new ExtMap(id, direction, parts[1], parts.length == 3 ? parts[2] : "");
    }

    public String format() {
        return id + (direction.isEmpty() ? "" : "/" + direction) + " " + uri + (attributes.isEmpty() ? "" : " " + attributes);
    }
}
