package dev.parley.api.user;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The characters a user's text fields may hold, so that what one user typed shows to others as what it is.
 * <ul>
 *   <li>Every single-line text field is trimmed and put in Unicode Normalization Form C (UAX #15), so that
 *       a login typed with a composed {@code é} and one typed as {@code e} + U+0301 are the same login.
 *       Look-ups of a login or an email normalise the same way ({@link #normalise}).</li>
 *   <li>Identifiers (login, email) may hold no character that shows as nothing or as blank space: no
 *       white space of any script (U+00A0, U+3000, ...), no control (U+0085, ...) or format character
 *       (zero-width U+200B, bidirectional U+202E, ...), no other default-ignorable code point (UAX #44,
 *       {@code Default_Ignorable_Code_Point}: variation selectors, Hangul fillers, ...), no braille blank,
 *       and nothing unassigned, private-use or an unpaired surrogate. Otherwise {@code alice} followed by
 *       U+200B would show as {@code alice}.</li>
 *   <li>Display text (full name, website, avatar, tags) may hold no control character, no line or
 *       paragraph separator and no bidirectional control (UAX #9 section 2, {@code Bidi_Control}), which
 *       could reorder how the text around it shows; joiners and non-breaking spaces are allowed there, as
 *       names in several scripts need them.</li>
 * </ul>
 * Java's {@code \s} and {@code \p{Cntrl}} match only ASCII, so the rules test each code point's Unicode
 * general category. Stateless.
 */
public final class UserText {

    private UserText() {
    }

    /** Trimmed and in NFC: how a login or email is stored and how look-ups compare it. */
    public static String normalise(String text) {
        return Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
    }

    /** Why {@code text} cannot be a login or email, or empty when it can. */
    public static Optional<String> identifierProblem(String text) {
        return text.codePoints().filter(UserText::isInvisible).boxed().findFirst().map(cp ->
                "must not contain spaces or invisible, control or bidirectional characters: " + describe(cp));
    }

    /** Why {@code text} cannot be shown as a name, link or tag, or empty when it can. */
    public static Optional<String> displayProblem(String text) {
        return text.codePoints().filter(UserText::isControl).boxed().findFirst().map(cp ->
                "must not contain control or bidirectional characters: " + describe(cp));
    }

    /** Shows or moves nothing by itself, or is blank: not allowed in an identifier. */
    private static boolean isInvisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isDefaultIgnorableLetterOrMark(cp)
                || cp == 0x2800) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /** Changes how the text shows or breaks lines without being a character of it: not allowed anywhere. */
    private static boolean isControl(int cp) {
        return isBidiControl(cp) || switch (Character.getType(cp)) {
            case Character.CONTROL, Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /** {@code Bidi_Control} of the Unicode PropList: marks, embeddings, overrides and isolates. */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * The {@code Default_Ignorable_Code_Point}s (DerivedCoreProperties.txt) that are letters or marks rather
     * than format characters, so the general category does not catch them: combining grapheme joiner, Hangul
     * fillers, Khmer inherent vowels, Mongolian free variation selectors and the variation selectors.
     */
    private static boolean isDefaultIgnorableLetterOrMark(int cp) {
        return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0
                || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    private static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
    }
}
