package dev.parley.bench.xmpp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection: stream header, optional STARTTLS (any certificate accepted: loopback benchmark),
 * SASL PLAIN, resource binding, optional legacy session, initial presence. Writes are serialised by a lock
 * (the senders and the reader that answers pings share the socket).
 */
final class Conn {

    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";

    final Account account;
    private Socket socket;
    private OutputStream out;
    private StanzaReader reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    volatile boolean alive;
    String boundJid;
    String bareJid;

    Conn(Account account) {
        this.account = account;
    }

    record Account(String jid, String password) {
        String localpart() {
            int at = jid.indexOf('@');
            return at < 0 ? jid : jid.substring(0, at);
        }

        String domain() {
            int at = jid.indexOf('@');
            return at < 0 ? "" : jid.substring(at + 1);
        }
    }

    static final class XmppException extends IOException {
        XmppException(String message) {
            super(message);
        }
    }

    StanzaReader reader() {
        return reader;
    }

    private void connect(String host, int port, int timeoutMs) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        reader = new StanzaReader(socket.getInputStream());
    }

    /** Opens a stream and returns the features element. */
    private String openStream(String domain) throws IOException {
        write("<?xml version='1.0'?><stream:stream to='" + domain + "' version='1.0' xml:lang='en'"
                + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        StanzaReader.Piece header = reader.next();
        if (header.kind() != StanzaReader.Kind.HEADER) {
            throw new XmppException("expected a stream header, got " + abbreviate(header.xml()));
        }
        String features = reader.next().xml();
        if (features.contains("stream:error") || features.startsWith("<error")) {
            throw new XmppException("stream error: " + abbreviate(features));
        }
        if (!StanzaReader.name(features).endsWith("features")) {
            throw new XmppException("expected stream features, got " + abbreviate(features));
        }
        return features;
    }

    /** Connects and authenticates; on return the connection is bound, available, and not yet read. */
    void login(String host, int port, String domain, boolean useTls, int timeoutMs) throws IOException {
        connect(host, port, timeoutMs);
        String features = openStream(domain);
        if (features.contains("<starttls")) {
            boolean required = features.contains("<required");
            if (useTls) {
                write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
                String answer = reader.next().xml();
                if (!answer.startsWith("<proceed")) {
                    throw new XmppException("STARTTLS refused: " + abbreviate(answer));
                }
                startTls(host, port);
                features = openStream(domain);
            } else if (required) {
                throw new XmppException("the server requires STARTTLS (run with --tls)");
            }
        }
        if (!features.contains(">PLAIN<")) {
            throw new XmppException("SASL PLAIN not offered: " + abbreviate(features));
        }
        byte[] creds = ("\0" + account.localpart() + "\0" + account.password()).getBytes(StandardCharsets.UTF_8);
        write("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + Base64.getEncoder().encodeToString(creds) + "</auth>");
        String result = reader.next().xml();
        if (!result.startsWith("<success")) {
            throw new XmppException("SASL failed: " + abbreviate(result));
        }
        reader.reset();
        features = openStream(domain);
        write("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>load</resource>"
                + "</bind></iq>");
        String bind = awaitIq("bind1");
        if (!"result".equals(StanzaReader.attribute(bind, "type"))) {
            throw new XmppException("bind failed: " + abbreviate(bind));
        }
        boundJid = StanzaReader.childText(bind, "jid");
        if (boundJid == null) {
            throw new XmppException("bind result without a JID: " + abbreviate(bind));
        }
        int slash = boundJid.indexOf('/');
        bareJid = slash < 0 ? boundJid : boundJid.substring(0, slash);
        if (features.contains("urn:ietf:params:xml:ns:xmpp-session") && !features.contains("<optional")) {
            write("<iq type='set' id='sess1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
            String session = awaitIq("sess1");
            if (!"result".equals(StanzaReader.attribute(session, "type"))) {
                throw new XmppException("session failed: " + abbreviate(session));
            }
        }
        write("<presence/>");
        socket.setSoTimeout(0);
        alive = true;
    }

    /** XEP-0077 in-band registration of this account, then a closed stream. */
    void register(String host, int port, String domain, int timeoutMs) throws IOException {
        connect(host, port, timeoutMs);
        String features = openStream(domain);
        write("<iq type='set' id='reg1'><query xmlns='jabber:iq:register'><username>" + escape(account.localpart())
                + "</username><password>" + escape(account.password()) + "</password></query></iq>");
        String answer = awaitIq("reg1");
        boolean ok = "result".equals(StanzaReader.attribute(answer, "type")) || answer.contains("<conflict");
        close();
        if (!ok) {
            throw new XmppException("registration failed: " + abbreviate(answer) + " (features: "
                    + abbreviate(features) + ")");
        }
    }

    private String awaitIq(String id) throws IOException {
        while (true) {
            StanzaReader.Piece piece = reader.next();
            if (piece.kind() == StanzaReader.Kind.CLOSE) {
                throw new XmppException("stream closed while waiting for iq " + id);
            }
            String xml = piece.xml();
            if (xml.startsWith("<stream:error") || xml.startsWith("<error")) {
                throw new XmppException("stream error: " + abbreviate(xml));
            }
            if (xml.startsWith("<iq") && id.equals(StanzaReader.attribute(xml, "id"))) {
                return xml;
            }
        }
    }

    private void startTls(String host, int port) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
            tls.startHandshake();
            socket = tls;
            out = new BufferedOutputStream(tls.getOutputStream(), 8192);
            reader.switchTo(tls.getInputStream());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    void write(String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    void closeStream() {
        try {
            write("</stream:stream>");
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    void close() {
        alive = false;
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    static String abbreviate(String xml) {
        String oneLine = xml.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
