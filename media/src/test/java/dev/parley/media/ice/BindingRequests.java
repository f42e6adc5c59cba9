package dev.parley.media.ice;

import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunAttributeType;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunMessageWriter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** Binding requests as a browser (a controlling full agent) sends them to the SFU (RFC 8445 §7.2.2). */
public final class BindingRequests {

    private String username;
    private String password;
    private boolean useCandidate;
    private boolean priority = true;
    private int priorityValue = 0x6e0001ff;
    private int roleAttribute = StunAttributeType.ICE_CONTROLLING;
    private boolean integrity = true;
    private boolean fingerprint = true;
    private int extraAttribute = -1;

    private BindingRequests(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** A check to the agent with {@code local} credentials from a peer whose ufrag is {@code remoteUfrag}. */
    public static BindingRequests to(IceCredentials local, String remoteUfrag) {
        return new BindingRequests(local.ufrag() + ":" + remoteUfrag, local.pwd());
    }

    public BindingRequests useCandidate() {
        useCandidate = true;
        return this;
    }

    public BindingRequests password(String value) {
        password = value;
        return this;
    }

    public BindingRequests username(String value) {
        username = value;
        return this;
    }

    /** PRIORITY {@code value} (the peer's candidate's) instead of a UDP host candidate's. */
    public BindingRequests priority(int value) {
        priorityValue = value;
        return this;
    }

    public BindingRequests withoutPriority() {
        priority = false;
        return this;
    }

    public BindingRequests withoutIntegrity() {
        integrity = false;
        return this;
    }

    public BindingRequests withoutFingerprint() {
        fingerprint = false;
        return this;
    }

    public BindingRequests controlled() {
        roleAttribute = StunAttributeType.ICE_CONTROLLED;
        return this;
    }

    public BindingRequests withFlag(int attributeType) {
        extraAttribute = attributeType;
        return this;
    }

    public byte[] build() {
        byte[] transaction = new byte[12];
        ThreadLocalRandom.current().nextBytes(transaction);
        byte[] buf = new byte[512];
        StunMessageWriter writer = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, transaction, buf, 0, buf.length);
        if (username != null) {
            writer.addBytes(StunAttributeType.USERNAME, username.getBytes(StandardCharsets.UTF_8));
        }
        if (priority) {
            writer.addInt(StunAttributeType.PRIORITY, priorityValue);
        }
        writer.addLong(roleAttribute, 0x1122334455667788L);
        if (useCandidate) {
            writer.addFlag(StunAttributeType.USE_CANDIDATE);
        }
        if (extraAttribute >= 0) {
            writer.addFlag(extraAttribute);
        }
        if (integrity) {
            writer.addMessageIntegrity(MessageIntegrity.shortTerm(password));
        }
        if (fingerprint) {
            writer.addFingerprint();
        }
        return Arrays.copyOf(buf, writer.length());
    }
}
