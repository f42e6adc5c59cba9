package dev.parley.chat.xml;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The byte-level pass that caps attributes and namespace declarations per element before Aalto parses it. */
class MarkupScannerTest {

    private static MarkupScanner scanner() {
        return new MarkupScanner(4, 2);
    }

    /** Scans {@code xml} one byte at a time, as the most finely split input would arrive. */
    private static MarkupScanner scanSplit(MarkupScanner scanner, String xml) throws XmlException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            scanner.scan(bytes, i, 1);
        }
        return scanner;
    }

    private static MarkupScanner scanWhole(MarkupScanner scanner, String xml) throws XmlException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        scanner.scan(bytes, 0, bytes.length);
        return scanner;
    }

    @Test
    void elementsWithinTheLimitsPassWhateverTheSplit() {
        String stanza = "<message xmlns='jabber:client' xmlns:x='urn:x' to='a@b' id=\"1\"><body a='&gt;&lt;'>x &gt; y</body>"
                + "<x:thing b='1' c='2' d='3' e='4'/></message>";
        assertThatCode(() -> scanWhole(scanner(), stanza)).doesNotThrowAnyException();
        assertThatCode(() -> scanSplit(scanner(), stanza)).doesNotThrowAnyException();
    }

    @Test
    void refusesTheAttributeOverTheLimit() {
        assertThatThrownBy(() -> scanSplit(scanner(), "<a b='1' c='2' d='3' e='4' f='5'/>"))
                .isInstanceOfSatisfying(XmlException.class, e -> {
                    assertThat(e.condition()).isEqualTo(StreamError.POLICY_VIOLATION);
                    assertThat(e.getMessage()).contains("more than 4 attributes");
                });
    }

    @Test
    void refusesTheNamespaceDeclarationOverTheLimitBeforeTheElementEnds() throws XmlException {
        MarkupScanner scanner = scanner();
        scanWhole(scanner, "<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl' xmlns:n0='u' ");
        assertThatThrownBy(() -> scanWhole(scanner, "xmlns:n1='u'"))
                .isInstanceOfSatisfying(XmlException.class, e -> {
                    assertThat(e.condition()).isEqualTo(StreamError.POLICY_VIOLATION);
                    assertThat(e.getMessage()).contains("more than 2 namespace declarations");
                });
    }

    @Test
    void countsPerElementNotPerStanza() {
        assertThatCode(() -> scanSplit(scanner(), "<a xmlns='1' xmlns:p='2' b='x' c='y'><c xmlns='3' xmlns:q='4' d='z' e='w'/></a>"))
                .doesNotThrowAnyException();
    }

    @Test
    void attributesNamedLikeXmlnsAreNotDeclarations() {
        assertThatCode(() -> scanSplit(new MarkupScanner(10, 1), "<a xmlns='1' xmlnsx='2' x:xmlns='3' xml:lang='en'/>"))
                .doesNotThrowAnyException();
    }

    @Test
    void quotedValuesAndCdataHideMarkup() {
        assertThatCode(() -> scanSplit(scanner(), "<a b='x > <c d=1 e=2 f=3 g=4 h=5>' c=\"it's\">"
                + "<![CDATA[<z a='1' b='2' c='3' d='4' e='5' f='6'/>]]]]><d/></a>"))
                .doesNotThrowAnyException();
    }

    @Test
    void anXmlDeclarationIsNotAnElement() {
        assertThatCode(() -> scanSplit(scanner(), "<?xml version='1.0' encoding='UTF-8' a='1' b='2' c='3'?><stream:stream a='1'>"))
                .doesNotThrowAnyException();
    }

    @Test
    void spotsADoctypeWhereverItIsSplit() throws XmlException {
        assertThat(scanSplit(scanner(), "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>").doctypeSeen()).isTrue();
        assertThat(scanSplit(scanner(), "<x><![CDATA[<!DOCTYPE]]></x>").doctypeSeen()).isFalse();
        assertThat(scanSplit(scanner(), "<x a='<!DOCTYPE'/>").doctypeSeen()).isFalse();
    }
}
