package dev.parley.push;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the DER inside a PEM block (RFC 7468), as Apple's .p8 files and Google's service-account keys carry. */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Pem() {
    }

    /**
     * The bytes of the first block labelled {@code label}.
     *
     * @throws IllegalArgumentException naming the label when there is no such block
     */
    public static byte[] decode(String text, String label) {
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(label)) {
                return Base64.getMimeDecoder().decode(matcher.group(2));
            }
        }
        throw new IllegalArgumentException("no PEM block \"" + label + "\" found");
    }
}
