package dev.parley.api.user;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserTextTest {

    /** Characters that show as nothing or as a blank, or move the text around them: each makes a look-alike. */
    private static final List<String> LOOK_ALIKE_MAKERS = List.of(
            "\u00a0",           // no-break space
            "\u0085",           // next line (a C1 control)
            "\u200b",           // zero-width space
            "\u200d",           // zero-width joiner
            "\u202e",           // right-to-left override
            "\u2066",           // left-to-right isolate
            "\u3000",           // ideographic space
            "\u00ad",           // soft hyphen
            "\ufeff",           // zero-width no-break space (BOM)
            "\u034f",           // combining grapheme joiner
            "\u3164",           // Hangul filler
            "\ufe0f",           // variation selector-16
            "\u2800",           // braille pattern blank
            "\udb40\udc20",     // tag space U+E0020
            "\udb40\udd00",     // variation selector-17 U+E0100
            "\ue000",           // private use
            "\u0378",           // unassigned
            "\ud800",           // lone high surrogate
            "\udc00",           // lone low surrogate
            "\u0007", "\t", " ");

    @Test
    void identifiersRefuseEveryInvisibleControlBidiOrBrokenCharacter() {
        for (String maker : LOOK_ALIKE_MAKERS) {
            assertThat(UserText.identifierProblem("ali" + maker + "ce")).as("U+%04X", maker.codePointAt(0)).isPresent();
        }
    }

    @Test
    void identifiersAcceptLettersOfAnyScriptDigitsMarksAndPunctuation() {
        for (String login : List.of("alice", "Zoë", "e\u0301", "\u0430\u043b\u0438\u0441\u0430", "\u674e\u96f7",
                "\u0645\u062d\u0645\u062f", "bob.smith-2_x@host", "\ud83d\ude00", "\u0939\u093f\u0928\u094d\u0926\u0940")) {
            assertThat(UserText.identifierProblem(login)).as(login).isEmpty();
        }
    }

    @Test
    void theProblemNamesTheCharacter() {
        assertThat(UserText.identifierProblem("alice\u200b")).contains(
                "must not contain spaces or invisible, control or bidirectional characters: U+200B ZERO WIDTH SPACE");
        assertThat(UserText.displayProblem("Eve \u202egnp.exe")).contains(
                "must not contain control or bidirectional characters: U+202E RIGHT-TO-LEFT OVERRIDE");
    }

    @Test
    void displayTextRefusesControlsBidiControlsAndLineSeparatorsButKeepsJoinersAndSpaces() {
        for (String bad : List.of("\u0000", "\u0085", "\n", "\u061c", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066",
                "\u2069", "\u2028", "\u2029", "\ud800")) {
            assertThat(UserText.displayProblem("Ann" + bad + "a")).as("U+%04X", bad.codePointAt(0)).isPresent();
        }
        for (String good : List.of("Anna Smith", "Anna\u00a0Smith", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
                "\ud83d\udc68\u200d\ud83d\udc69", "\u5c71\u7530\u3000\u592a\u90ce")) {
            assertThat(UserText.displayProblem(good)).as(good).isEmpty();
        }
    }

    @Test
    void normalisingComposesAndTrims() {
        assertThat(UserText.normalise("  Zoe\u0308\n")).isEqualTo("Zo\u00eb");
        assertThat(UserText.normalise("\u212b")).isEqualTo("\u00c5");
        // NFC, not NFKC: compatibility forms such as fullwidth letters stay as they are.
        assertThat(UserText.normalise("\uff41")).isEqualTo("\uff41");
    }
}
