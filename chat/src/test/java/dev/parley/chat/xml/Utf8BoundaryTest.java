package dev.parley.chat.xml;

import static dev.parley.chat.xml.RecordingListener.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8BoundaryTest {

    @Test
    void keepsRangesThatEndOnACharacterBoundary() {
        byte[] bytes = utf8("aé€😀");

        assertThat(Utf8Boundary.completeEnd(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        assertThat(Utf8Boundary.completeEnd(bytes, 0, 1)).isEqualTo(1);
        assertThat(Utf8Boundary.completeEnd(bytes, 0, 3)).isEqualTo(3);
        assertThat(Utf8Boundary.completeEnd(bytes, 0, 0)).isZero();
    }

    @Test
    void cutsBeforeASplitCharacter() {
        byte[] bytes = utf8("aé€😀"); // a:0, é:1-2, €:3-5, 😀:6-9

        assertThat(Utf8Boundary.completeEnd(bytes, 0, 2)).isEqualTo(1);
        assertThat(Utf8Boundary.completeEnd(bytes, 0, 5)).isEqualTo(3);
        assertThat(Utf8Boundary.completeEnd(bytes, 0, 7)).isEqualTo(6);
        assertThat(Utf8Boundary.completeEnd(bytes, 0, 9)).isEqualTo(6);
        assertThat(Utf8Boundary.completeEnd(bytes, 6, 9)).isEqualTo(6);
    }

    @Test
    void leavesMalformedBytesForTheParserToReport() {
        byte[] strayContinuations = {'a', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        byte[] invalidLead = {'a', (byte) 0xFF};

        assertThat(Utf8Boundary.completeEnd(strayContinuations, 0, 5)).isEqualTo(5);
        assertThat(Utf8Boundary.completeEnd(invalidLead, 0, 2)).isEqualTo(2);
    }
}
