package dev.parley.sdk.it;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalHeader;
import dev.parley.sdk.chat.ChatService;
import dev.parley.sdk.conference.ConferenceCallCallbacks;
import dev.parley.sdk.conference.ConferenceInvitations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK's REST client and chat connection against a real server (no media; the built server, see RealServer). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("server")
class RestAndChatTest {

    @RegisterExtension
    static final RealServer server = RealServer.withoutMedia();
    private static ParleySettings settings;

    @BeforeAll
    static void readSettings() {
        settings = server.settings();
    }

    private static ParleyUser signUp(ParleyClient client, String login) {
        return client.signUp(login, "pw-" + login + "-long", "Full " + login);
    }

    @Test
    void signUpLoginLookUpAndLogout() {
        ParleyClient client = new ParleyClient(settings);
        ParleyUser carol = signUp(client, "carol-rest");
        assertThat(carol.fullName()).isEqualTo("Full carol-rest");

        ParleyUser me = client.login("carol-rest", "pw-carol-rest-long");
        assertThat(me.id()).isEqualTo(carol.id());
        assertThat(client.getUser(carol.id()).login()).isEqualTo("carol-rest");
        assertThat(client.getUserByLogin("CAROL-REST").id()).isEqualTo(carol.id());

        ParleyClient again = new ParleyClient(settings);
        assertThat(again.resume(client.token()).id()).as("a kept token restores the session").isEqualTo(carol.id());

        client.logout();
        assertThatThrownBy(() -> again.getUser(carol.id())).isInstanceOf(ParleyException.class)
                .satisfies(e -> assertThat(((ParleyException) e).status()).isEqualTo(401));
    }

    @Test
    void refusalsCarryTheServersStatusAndMessage() {
        ParleyClient client = new ParleyClient(settings);
        signUp(client, "dave-rest");
        assertThatThrownBy(() -> client.login("dave-rest", "wrong-password"))
                .isInstanceOf(ParleyException.class).hasMessage("Unauthorized")
                .satisfies(e -> assertThat(((ParleyException) e).status()).isEqualTo(401));
        assertThatThrownBy(() -> signUp(client, "dave-rest"))
                .isInstanceOf(ParleyException.class).hasMessageContaining("has already been taken")
                .satisfies(e -> assertThat(((ParleyException) e).errors()).containsKey("login"));
        client.login("dave-rest", "pw-dave-rest-long");
        assertThatThrownBy(() -> client.getUserByLogin("nobody-here")).hasMessage("User not found");
        ParleyClient nowhere = new ParleyClient(ParleySettings.builder().application(1, "k").apiUrl("http://127.0.0.1:1").build());
        assertThatThrownBy(nowhere::createSession).isInstanceOf(ParleyException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void signalsCrossTheServerIntactWithCrLfAndEscapedText() throws Exception {
        ParleyClient rest = new ParleyClient(settings);
        ParleyUser erin = signUp(rest, "erin-chat");
        ParleyUser fred = signUp(rest, "fred-chat");
        ChatService erinChat = new ChatService(settings);
        ChatService fredChat = new ChatService(settings);
        try {
            erinChat.connect(erin.id(), "pw-erin-chat-long");
            rest.login("fred-chat", "pw-fred-chat-long");
            fredChat.connect(fred.id(), rest.token());                       // a session token as the password
            LinkedBlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
            fredChat.setSignalListener((from, signal) -> received.add(new Object[]{from, signal}));

            CallSignal call = new CallSignal.Call(
                    new SignalHeader("s-42", ConferenceType.VIDEO, erin.id(), List.of(fred.id()), "java"),
                    "v=0\r\no=- 1 2 IN IP4 198.18.0.1\r\n", Map.of("topic", "a < b & c", "note", "é ✓ 😀"));
            erinChat.send(fred.id(), call).get(5, TimeUnit.SECONDS);
            Object[] signal = received.poll(10, TimeUnit.SECONDS);
            assertThat(signal).as("the signal arrives").isNotNull();
            assertThat(signal[0]).isEqualTo(erin.id());
            assertThat(signal[1]).isEqualTo(call);                            // CR LF survived as &#13;

            erinChat.disconnect();
            assertThat(erinChat.isConnected()).isFalse();
            assertThatThrownBy(() -> erinChat.send(fred.id(), call).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("not connected to chat");
        } finally {
            erinChat.disconnect();
            fredChat.disconnect();
        }
        ChatService wrong = new ChatService(settings);
        assertThatThrownBy(() -> wrong.connect(erin.id(), "not-the-password")).isInstanceOf(ParleyException.class)
                .hasMessageContaining("chat login as user " + erin.id() + " failed");
    }

    @Test
    void conferenceInvitationsTravelAsSystemMessagesAndLeaveSignalsAlone() throws Exception {
        ParleyClient rest = new ParleyClient(settings);
        ParleyUser gina = signUp(rest, "gina-chat");
        ParleyUser hugo = signUp(rest, "hugo-chat");
        ChatService ginaChat = new ChatService(settings);
        ChatService hugoChat = new ChatService(settings);
        try {
            ginaChat.connect(gina.id(), "pw-gina-chat-long");
            hugoChat.connect(hugo.id(), "pw-hugo-chat-long");
            LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
            hugoChat.setSignalListener((from, signal) -> heard.add("signal from " + from));
            ConferenceInvitations hugoCalls = new ConferenceInvitations(hugoChat, Runnable::run);
            hugoCalls.addCallCallbacksListener(new ConferenceCallCallbacks() {
                @Override
                public void onCallStart(String roomId, long initiatorId, List<Long> participantIds) {
                    heard.add("start " + roomId + " " + initiatorId + " " + participantIds);
                }

                @Override
                public void onCallEnd(String roomId, long userId) {
                    heard.add("end " + roomId + " " + userId);
                }
            });
            ConferenceInvitations ginaCalls = new ConferenceInvitations(ginaChat, Runnable::run);
            LinkedBlockingQueue<String> ginaHeard = new LinkedBlockingQueue<>();
            ginaCalls.addCallCallbacksListener(new ConferenceCallCallbacks() {
                @Override
                public void onCallRejected(String roomId, long userId, boolean busy) {
                    ginaHeard.add("rejected " + roomId + " " + userId + " " + busy);
                }
            });

            ginaCalls.sendCallMessage("weekly", List.of(gina.id(), hugo.id())).get(5, TimeUnit.SECONDS);
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("start weekly " + gina.id() + " " + List.of(gina.id(), hugo.id()));
            hugoCalls.sendRejectMessage("weekly", true, gina.id()).get(5, TimeUnit.SECONDS);
            assertThat(ginaHeard.poll(10, TimeUnit.SECONDS)).isEqualTo("rejected weekly " + hugo.id() + " true");
            ginaCalls.sendEndCallMessage("weekly", List.of(hugo.id())).get(5, TimeUnit.SECONDS);
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("end weekly " + gina.id());
            assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).as("no system message reached the call signal listener").isNull();
        } finally {
            ginaChat.disconnect();
            hugoChat.disconnect();
        }
    }
}
