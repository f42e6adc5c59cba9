package dev.parley.server;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import dev.parley.push.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line: {@code app create}, {@code app push}, {@code turn config}, and start-up failures that end as one
 * clear line.
 */
class CommandLineTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.commandLine().execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void appCreatePrintsCredentialsThatTheServerAccepts(@TempDir Path dataDir) throws Exception {
        Result created = run("app", "create", "--name", "Support app", "--data", dataDir.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        Map<String, Object> credentials = Json.MAPPER.readValue(created.out(), new TypeReference<>() {
        });
        assertThat(credentials).containsOnlyKeys("application_id", "auth_key", "auth_secret");

        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(server.app().name()).as("the first application stays the default").isEqualTo("Support app");
            RestClient.Response session = new RestClient().postJson(server.http("/session"),
                    Map.of("application_id", credentials.get("application_id"), "auth_key", credentials.get("auth_key")));
            assertThat(session.status()).isEqualTo(201);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void turnConfigPrintsTheSecretAndPortsTheServerUses(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        Path config = dir.resolve("parley.conf");
        Files.writeString(config, "parley.turn.urls = [\"stun:turn.example.com:3478\", "
                + "\"turn:turn.example.com:3478?transport=udp\", \"turns:turn.example.com:443?transport=tcp\"]\n");
        Result printed = run("turn", "config", "--data", dataDir.toString(), "--config", config.toString(),
                "--external-ip", "203.0.113.7/10.0.0.7", "--relay-ports", "49160-49200", "--cert", "/etc/coturn/fullchain.pem",
                "--key", "/etc/coturn/privkey.pem", "--allow-peer", "10.0.0.5");
        assertThat(printed.exitCode()).as(printed.err()).isZero();
        String secret = Files.readString(dataDir.resolve("turn-secret")).strip();
        assertThat(printed.out().lines()).contains("use-auth-secret", "static-auth-secret=" + secret,
                "realm=turn.example.com", "listening-port=3478", "tls-listening-port=443",
                "cert=/etc/coturn/fullchain.pem", "pkey=/etc/coturn/privkey.pem", "external-ip=203.0.113.7/10.0.0.7",
                "min-port=49160", "max-port=49200", "fingerprint", "no-cli", "allowed-peer-ip=10.0.0.5",
                "denied-peer-ip=10.0.0.0-10.255.255.255", "denied-peer-ip=127.0.0.0-127.255.255.255", "syslog")
                .doesNotContain("no-tls");

        try (TestServer server = TestServer.start(dataDir, Map.of("parley.turn.urls",
                java.util.List.of("turn:turn.example.com:3478?transport=udp")))) {
            PushDeliveryTest.Account user = PushDeliveryTest.account(server, "turner");
            Map<String, Object> relay = ((java.util.List<Map<String, Object>>) new RestClient().get(
                    server.http("/ice_servers"), "CB-Token", user.token()).json().get("ice_servers")).getFirst();
            assertThat(relay.get("credential")).as("signed with the printed static-auth-secret")
                    .isEqualTo(IceServersApiTest.hmac(secret, (String) relay.get("username")));
        }
    }

    @Test
    void turnConfigWithTurnsUrlsNeedsACertificate(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("parley.conf");
        Files.writeString(config, "parley.turn.urls = [\"turns:turn.example.com:443?transport=tcp\"]\n");
        Result printed = run("turn", "config", "--data", dir.resolve("data").toString(), "--config", config.toString());
        assertThat(printed.exitCode()).isEqualTo(1);
        assertThat(printed.err()).contains("parley.turn.urls has turns: URLs: give --cert and --key");
        assertThat(printed.out()).isEmpty();

        Files.writeString(config, "parley.turn.urls = [\"turn:a.example.com:3478\", \"stun:a.example.com:3479\"]\n");
        Result mismatched = run("turn", "config", "--data", dir.resolve("data").toString(), "--config", config.toString());
        assertThat(mismatched.exitCode()).isEqualTo(1);
        assertThat(mismatched.err()).contains("name the plain ports [3478, 3479]; coturn listens on one");
    }

    @Test
    void appPushSetsCredentialsThatNoApiServesAndShowsThemWithoutSecrets(@TempDir Path dataDir) throws Exception {
        TestCredentials.ApnsKey apnsKey = TestCredentials.apnsKey();
        TestCredentials.ServiceAccountKey account = TestCredentials.serviceAccount("parley-test",
                "https://oauth2.googleapis.com/token");
        Path p8 = dataDir.resolveSibling(dataDir.getFileName() + "-AuthKey.p8");
        Path json = dataDir.resolveSibling(dataDir.getFileName() + "-service-account.json");
        Files.writeString(p8, apnsKey.p8());
        Files.writeString(json, account.json());
        String data = dataDir.toString();
        Result created = run("app", "create", "--name", "Calls", "--data", data);
        assertThat(created.exitCode()).as(created.err()).isZero();
        Object id = Json.MAPPER.readValue(created.out(), new TypeReference<Map<String, Object>>() {
        }).get("application_id");

        Result apns = run("app", "push", "apns", "--app", String.valueOf(id), "--key-file", p8.toString(), "--key-id",
                "ABC123DEFG", "--team-id", "TEAM123456", "--bundle-id", "com.example.calls", "--sandbox", "--data", data);
        assertThat(apns.exitCode()).as(apns.err()).isZero();
        Result fcm = run("app", "push", "fcm", "--app", String.valueOf(id), "--service-account", json.toString(),
                "--data", data);
        assertThat(fcm.exitCode()).as(fcm.err()).isZero();
        Result vapid = run("app", "push", "vapid", "--app", String.valueOf(id), "--subject", "mailto:ops@example.com",
                "--data", data);
        assertThat(vapid.exitCode()).as(vapid.err()).isZero();
        Map<String, Object> shown = Json.MAPPER.readValue(vapid.out(), new TypeReference<>() {
        });
        assertThat(shown).containsEntry("apns", Map.of("key_id", "ABC123DEFG", "team_id", "TEAM123456",
                "bundle_id", "com.example.calls", "gateway", "sandbox"));
        assertThat(shown).containsEntry("fcm", Map.of("project_id", "parley-test", "client_email", account.clientEmail()));
        @SuppressWarnings("unchecked")
        Map<String, Object> web = (Map<String, Object>) shown.get("vapid");
        assertThat(web).containsEntry("subject", "mailto:ops@example.com");
        assertThat(apns.out() + fcm.out() + vapid.out()).doesNotContain("PRIVATE KEY").doesNotContain("private_key");
        assertThat(shown).containsEntry("call_push", null);
        Result callPush = run("app", "push", "call-push", "--app", String.valueOf(id), "--on", "--data", data);
        assertThat(callPush.exitCode()).as(callPush.err()).isZero();
        assertThat(Json.MAPPER.readValue(callPush.out(), new TypeReference<Map<String, Object>>() {
        })).containsEntry("call_push", true);
        assertThat(run("app", "push", "call-push", "--app", String.valueOf(id), "--on", "--off", "--data", data).exitCode())
                .isEqualTo(2);

        if (Files.getFileStore(dataDir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("db"))))
                    .isEqualTo("rwx------");
        }
        try (TestServer server = TestServer.start(dataDir)) {
            RestClient rest = new RestClient();
            RestClient.Response session = rest.postJson(server.http("/session"), Map.of("application_id", id,
                    "auth_key", server.server().storage().applications().findById(((Number) id).longValue()).orElseThrow().authKey()));
            String token = (String) session.object("session").get("token");
            RestClient.Response key = rest.get(server.http("/push/vapid_public_key"), "CB-Token", token);
            assertThat(key.json()).isEqualTo(Map.of("public_key", web.get("public_key")));
        }
    }

    @Test
    void appPushRefusesBadCredentialsWithOneLine(@TempDir Path dataDir) throws Exception {
        Path notAKey = dataDir.resolveSibling(dataDir.getFileName() + "-bad.p8");
        Files.writeString(notAKey, "hello");
        String data = dataDir.toString();
        run("app", "create", "--name", "Calls", "--data", data);
        Result badKey = run("app", "push", "apns", "--app", "1", "--key-file", notAKey.toString(), "--key-id", "ABC123DEFG",
                "--team-id", "TEAM123456", "--bundle-id", "com.example.calls", "--data", data);
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err()).contains("not a .p8 file");
        Result badAccount = run("app", "push", "fcm", "--app", "1", "--service-account", notAKey.toString(), "--data", data);
        assertThat(badAccount.exitCode()).isEqualTo(1);
        assertThat(badAccount.err()).contains("not JSON");
        Result noApp = run("app", "push", "show", "--app", "99", "--data", data);
        assertThat(noApp.exitCode()).isEqualTo(1);
        assertThat(noApp.err()).contains("no application with id 99");
        Result badSubject = run("app", "push", "vapid", "--app", "1", "--subject", "ops@example.com", "--data", data);
        assertThat(badSubject.exitCode()).isEqualTo(1);
        assertThat(badSubject.err()).contains("mailto:");
    }

    @Test
    void appCreateRefusesABlankOrMissingName(@TempDir Path dataDir) {
        Result blank = run("app", "create", "--name", " ", "--data", dataDir.toString());
        assertThat(blank.exitCode()).isEqualTo(1);
        assertThat(blank.err()).contains("application name must be 1 to 200 characters");

        Result missing = run("app", "create", "--data", dataDir.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--name");
    }

    @Test
    void badConfigurationStopsRunWithTheSettingNamed(@TempDir Path dataDir) throws Exception {
        Path config = dataDir.resolve("bad.conf");
        java.nio.file.Files.writeString(config, "parley.http.port = \"eighty\"\n");
        Result result = run("run", "--data", dataDir.toString(), "--config", config.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("http.port");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        for (String command : new String[] {"run", "app"}) {
            Result result = command.equals("run")
                    ? run("run", "--data", file.resolve("data").toString(), "--port", "0", "--https-port", "-1", "--xmpp-port", "-1")
                    : run("app", "create", "--name", "x", "--data", file.resolve("data").toString());
            assertThat(result.exitCode()).as(command).isEqualTo(1);
            assertThat(result.err().strip()).as(command)
                    .startsWith("parley: cannot create the data directory " + file.resolve("data"))
                    .doesNotContain("\n").doesNotContain("Exception");
        }
    }

    @Test
    void oneLineNamesTheCausesWithoutRepeatingThem() {
        Exception e = new IllegalStateException("cannot open database x",
                new RuntimeException("cannot open database x", new java.io.IOException("Connection refused")));
        assertThat(Main.oneLine(e)).isEqualTo("cannot open database x: Connection refused");
    }
}
