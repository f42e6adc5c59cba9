package dev.parley.chat.stanza;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JidTest {

    @Test
    void parsesFullBareAndDomainJids() {
        Jid full = Jid.parse("12-3@Parley.Local/phone").orElseThrow();
        assertThat(full.node()).isEqualTo("12-3");
        assertThat(full.domain()).as("domains are case-insensitive").isEqualTo("parley.local");
        assertThat(full.resource()).isEqualTo("phone");
        assertThat(full.bare().toString()).isEqualTo("12-3@parley.local");
        assertThat(Jid.parse("parley.local").orElseThrow().node()).isNull();
        assertThat(Jid.parse("12-3@parley.local/a/b").orElseThrow().resource()).isEqualTo("a/b");
    }

    @Test
    void readsParleyUserAndApplicationIds() {
        Jid jid = Jid.user(12, 3, "parley.local");
        assertThat(jid.toString()).isEqualTo("12-3@parley.local");
        assertThat(jid.userId()).contains(12L);
        assertThat(jid.applicationId()).contains(3L);
        assertThat(Jid.parse("alice@parley.local").orElseThrow().userId()).isEmpty();
        assertThat(Jid.parse("1-2-3@parley.local").orElseThrow().applicationId()).isEmpty();
    }

    @Test
    void refusesMalformedAddresses() {
        assertThat(Jid.parse(null)).isEmpty();
        assertThat(Jid.parse("")).isEmpty();
        assertThat(Jid.parse("@parley.local")).isEmpty();
        assertThat(Jid.parse("a@")).isEmpty();
        assertThat(Jid.parse("a@b@c")).isEmpty();
        assertThat(Jid.parse("a@b/")).isEmpty();
        assertThat(Jid.parse("x".repeat(4000))).isEmpty();
    }
}
