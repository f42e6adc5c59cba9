package dev.parley.media.stun;

import java.util.HexFormat;

/** Hex dumps as RFCs print them (spaces and line breaks allowed) to bytes. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s+", ""));
    }
}
