package dev.parley.chat.stanza;

import dev.parley.chat.xml.XmlElement;
import dev.parley.chat.xml.XmlFrameParser;
import dev.parley.common.signal.SignalField;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The call signal message of docs/protocol.md §3.2, as written for signals the server sends itself. */
class CallSignalStanzaTest {

    private static final Jid FROM = Jid.user(111, 7, "parley.local");
    private static final Jid TO = Jid.user(222, 7, "parley.local");

    @Test
    void writesAHeadlineWithOneExtraParamsChildAndNoBody() {
        XmlElement message = CallSignalStanza.headline(FROM, TO, "id1", List.of(
                new SignalField.Text("signalType", "reject"),
                new SignalField.Group("opponentsIDs", List.of(new SignalField.Text("opponentID", "111")))));

        assertThat(message.toXml()).isEqualTo("<message xmlns=\"jabber:client\" type=\"headline\" id=\"id1\""
                + " from=\"111-7@parley.local\" to=\"222-7@parley.local\"><extraParams>"
                + "<signalType>reject</signalType><opponentsIDs><opponentID>111</opponentID></opponentsIDs>"
                + "</extraParams></message>");
        assertThat(message.element("body", Stanzas.CLIENT)).isNull();
    }

    @Test
    void nestsGroupsRecursivelyAndEscapesText() throws Exception {
        XmlElement message = CallSignalStanza.headline(FROM, TO, "id2", List.of(new SignalField.Group("userInfo",
                List.of(new SignalField.Text("note", "a < b & \"c\""),
                        new SignalField.Group("caller", List.of(new SignalField.Text("name", "Ann ñ 😀"))),
                        new SignalField.Group("empty", List.of())))));

        XmlElement parsed = XmlFrameParser.parse(message.toXml(), Integer.MAX_VALUE);
        XmlElement userInfo = parsed.element(CallSignalStanza.EXTRA_PARAMS, Stanzas.CLIENT)
                .element("userInfo", Stanzas.CLIENT);
        assertThat(parsed).isEqualTo(message);
        assertThat(userInfo.element("note", Stanzas.CLIENT).text()).isEqualTo("a < b & \"c\"");
        assertThat(userInfo.element("caller", Stanzas.CLIENT).element("name", Stanzas.CLIENT).text())
                .isEqualTo("Ann ñ 😀");
        assertThat(userInfo.element("empty", Stanzas.CLIENT).children()).isEmpty();
    }
}
