package dev.parley.chat.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3629 §4's well-formed byte sequences, checked across any split; everything else refused. */
class Utf8ValidatorTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "61 7F",                 // ASCII
            "C2 80 DF BF",           // two bytes: U+0080, U+07FF
            "E0 A0 80 ED 9F BF",     // three bytes: U+0800, U+D7FF (just below the surrogates)
            "EE 80 80 EF BF BD",     // U+E000, U+FFFD
            "F0 90 80 80 F4 8F BF BF" // four bytes: U+10000, U+10FFFF
    })
    void acceptsWellFormedSequencesSplitAnywhere(String sequence) throws XmlException {
        byte[] bytes = hex(sequence);
        for (int cut = 0; cut <= bytes.length; cut++) {
            Utf8Validator validator = new Utf8Validator();
            validator.check(bytes, 0, cut);
            validator.check(bytes, cut, bytes.length - cut);
            assertThat(validator.atCharacterBoundary()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "C0 8F",        // overlong U+000F, a control character XML forbids
            "C1 81",        // overlong "A"
            "E0 80 81",     // overlong U+0001
            "E0 9F BF",     // overlong U+07FF
            "F0 8F BF BF",  // overlong U+FFFF
            "ED A0 80",     // a surrogate, U+D800
            "F4 90 80 80",  // above U+10FFFF
            "F5 80 80 80",  // no such lead byte
            "80",           // a continuation byte with no lead
            "C3 28",        // a lead byte without its continuation
            "FE", "FF"
    })
    void refusesWhatIsNotUtf8AsNotWellFormed(String sequence) {
        byte[] bytes = hex("61 " + sequence + " 62");
        for (int cut = 0; cut <= bytes.length; cut++) {
            int at = cut;
            Utf8Validator validator = new Utf8Validator();
            assertThatThrownBy(() -> {
                validator.check(bytes, 0, at);
                validator.check(bytes, at, bytes.length - at);
            }).isInstanceOfSatisfying(XmlException.class,
                    e -> assertThat(e.condition()).isEqualTo(StreamError.NOT_WELL_FORMED));
        }
    }

    @Test
    void tellsWhetherTheInputEndsInsideACharacter() throws XmlException {
        Utf8Validator validator = new Utf8Validator();
        validator.check(hex("61 F0 9F 98"), 0, 4);
        assertThat(validator.atCharacterBoundary()).isFalse();
        validator.check(hex("80"), 0, 1);
        assertThat(validator.atCharacterBoundary()).isTrue();
    }
}
