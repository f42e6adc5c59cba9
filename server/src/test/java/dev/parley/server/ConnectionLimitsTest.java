package dev.parley.server;

import dev.parley.chat.session.ClientSession;
import dev.parley.common.time.Eventually;
import dev.parley.server.XmppFixture.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a connection may hold on the HTTP and XMPP ports: a per-address cap, a deadline for request headers
 * (slow-header clients), the end of an oversized body's connection; and connections spread over the event
 * loops (each staying on one).
 */
class ConnectionLimitsTest {

    private static final int CAP = 20;

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of(
                "parley.event-loops", 2,
                "parley.http.max-connections-per-address", CAP,
                "parley.http.header-timeout", "1s",
                "parley.chat.tcp-require-tls", false));

    private static Socket connectFrom(String localAddress, int port) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(100);
        return socket;
    }

    /** True once the peer closed the socket (reads end or reset), within 10 s. */
    private static boolean closedByServer(Socket socket) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        byte[] buffer = new byte[1024];
        try {
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // nothing yet
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void slowHeaderConnectionsAreClosedAtTheHeaderDeadline() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try (PingProbe bystander = PingProbe.start(server, new XmppFixture(server).newUser("slow-bystander"))) {
            for (int i = 0; i < 10; i++) {
                Socket socket = connectFrom("127.0.3.1", server.server().httpPort());
                OutputStream out = socket.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            for (Socket socket : slow) {
                socket.getOutputStream().write('a'); // still "sending", a byte at a time
                assertThat(closedByServer(socket)).as("closed at the header deadline").isTrue();
            }
            bystander.stop("10 slow-header connections");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedWhenTheNextRequestDoesNotCome() throws Exception {
        try (Socket socket = connectFrom("127.0.3.2", server.server().httpPort())) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheCapPerAddressAreRefusedOnEveryPort() throws Exception {
        List<RawTcp> held = new ArrayList<>();
        try {
            // Held on the XMPP port, where an idle connection may wait for its login timeout (an idle HTTP one
            // would be closed at the header deadline while the test runs); each is known to be counted once
            // the server has answered its stream header.
            for (int i = 0; i < CAP; i++) {
                held.add(RawTcp.connectFrom(server, "127.0.3.3").opened());
            }
            try (Socket http = connectFrom("127.0.3.3", server.server().httpPort());
                 Socket xmpp = connectFrom("127.0.3.3", server.server().xmppPort())) {
                assertThat(closedByServer(http)).isTrue();
                assertThat(closedByServer(xmpp)).isTrue();
            }
            RestClient.Response other = new RestClient().get(server.http("/health"));
            assertThat(other.status()).as("another address is not affected").isEqualTo(200);
        } finally {
            for (RawTcp connection : held) {
                connection.close();
            }
        }
        // Closing gives the address its share back.
        Eventually.await("the address admitted again", Duration.ofSeconds(10), () -> {
            try (Socket again = connectFrom("127.0.3.3", server.server().httpPort())) {
                again.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                again.setSoTimeout(10_000);
                return new String(again.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void anOversizedBodyIsAnsweredThenItsConnectionClosedUnread() throws Exception {
        try (Socket socket = connectFrom("127.0.3.4", server.server().httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).as("answered, then closed without waiting for the 10 MB").startsWith("HTTP/1.1 413");
        }
    }

    /**
     * The 413 goes out before the client has sent all of its body. Closing then would make the rest of the
     * upload reset the connection, and a client that had not read the answer yet lost it (a flaky ServerTest
     * showed it): the rest of the body is read and dropped, then the connection closes cleanly.
     */
    @Test
    void anOversizedUploadStillBeingSentIsReadToItsEndBeforeTheConnectionCloses() throws Exception {
        try (Socket socket = connectFrom("127.0.3.6", server.server().httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
            out.write(("POST /session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 70_000);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            while (!answer.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the answer so far: " + answer).isNotNegative();
                answer.append((char) b);
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
            int length = Integer.parseInt(answer.toString().toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("(?s).*content-length: *(\\d+).*", "$1"));
            assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).contains("larger than");
            // The rest of the upload arrives after the answer: it is read, not answered with a reset.
            for (int at = 70_000; at < body.length; at += 10_000) {
                out.write(body, at, 10_000);
                out.flush();
                Thread.sleep(5);
            }
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.read()).as("closed cleanly, without a reset").isEqualTo(-1);
        }
    }

    @Test
    void aStreamedBodyThatGrowsPastTheLimitEndsItsConnection() throws Exception {
        try (Socket socket = connectFrom("127.0.3.5", server.server().httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String chunk = "x".repeat(8192);
            for (int i = 0; i < 9; i++) {
                out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // The body never ends; the server answers and closes rather than read on.
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than");
        }
    }

    @Test
    void connectionsAreSpreadOverTheEventLoops() throws Exception {
        XmppFixture xmpp = new XmppFixture(server);
        User user = xmpp.newUser("loops");
        List<RawXmpp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(RawXmpp.loggedIn(server, user));
            }
            Set<Thread> loops = new HashSet<>();
            for (ClientSession session : server.server().chat().registry().sessionsOf(user.applicationId(), user.id())) {
                session.context().runOnContext(v -> {
                    synchronized (loops) {
                        loops.add(Thread.currentThread());
                    }
                });
            }
            Eventually.await("each session answering on its loop", Duration.ofSeconds(10),
                    () -> {
                        synchronized (loops) {
                            return loops.size() == 2;
                        }
                    });
        } finally {
            clients.forEach(RawXmpp::close);
        }
    }
}
