package dev.parley.media;

import java.util.HexFormat;

/** Packets written out as hex in tests, spaces allowed between fields as the RFC diagrams draw them. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
