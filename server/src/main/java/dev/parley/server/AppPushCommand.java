package dev.parley.server;

import dev.parley.common.json.Json;
import dev.parley.common.security.P256Keys;
import dev.parley.push.apns.ApnsKeys;
import dev.parley.push.fcm.ServiceAccount;
import dev.parley.storage.Database;
import dev.parley.storage.PushCredentialsRepository;
import dev.parley.storage.Storage;
import dev.parley.storage.model.PushCredentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parley app push ...}: the operator sets an application's push provider credentials (docs/push.md). They
 * are checked before they are stored, kept in the database and never served by any API; every command prints
 * what is set, without the secrets. With the embedded database, stop the server first (as for {@code app create}).
 */
@Command(name = "push", description = "Set an application's push credentials (APNs, FCM, Web Push).",
        subcommands = {AppPushCommand.Apns.class, AppPushCommand.Fcm.class, AppPushCommand.Vapid.class,
                AppPushCommand.CallPush.class, AppPushCommand.Show.class, AppPushCommand.Clear.class})
final class AppPushCommand {

    /** The largest credential file read: .p8 files and service-account keys are a few KiB. */
    static final long MAX_FILE_SIZE = 64 * 1024;

    /** Options every push command shares. */
    static final class Target {
        @CommandLine.Mixin
        Main.ConfigOptions options = new Main.ConfigOptions();

        @Option(names = "--app", required = true, paramLabel = "ID", description = "Application id.")
        long applicationId;

        /** Runs {@code work} on the application's credentials and prints them (without secrets) afterwards. */
        int run(Work work) {
            try (Database database = Main.openDatabase(options)) {
                Storage storage = Storage.jdbc(database, Clock.systemUTC());
                if (storage.applications().findById(applicationId).isEmpty()) {
                    throw new IllegalArgumentException("no application with id " + applicationId);
                }
                work.run(storage.pushCredentials(), Instant.now());
                System.out.println(Json.write(summary(applicationId, storage.pushCredentials().find(applicationId),
                        storage.pushCredentials().callPush(applicationId).orElse(null))));
                return 0;
            }
        }
    }

    @FunctionalInterface
    interface Work {
        void run(PushCredentialsRepository credentials, Instant now);
    }

    @Command(name = "apns", description = "Set the APNs token key (.p8), its key id, the team id and the bundle id.")
    static final class Apns implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "The .p8 file (AuthKey_XXXXXXXXXX.p8).")
        Path keyFile;

        @Option(names = "--key-id", required = true, description = "The key's 10-character id.")
        String keyId;

        @Option(names = "--team-id", required = true, description = "The developer team's 10-character id.")
        String teamId;

        @Option(names = "--bundle-id", required = true, description = "The app's bundle id (the apns-topic).")
        String bundleId;

        @Option(names = "--sandbox", description = "Use Apple's development gateway (apps built for development).")
        boolean sandbox;

        @Override
        public Integer call() {
            PushCredentials.Apns apns = ApnsKeys.check(read(keyFile), keyId, teamId, bundleId, sandbox);
            return target.run((credentials, now) -> credentials.setApns(target.applicationId, apns, now));
        }
    }

    @Command(name = "fcm", description = "Set the Firebase project's service account (its JSON key file).")
    static final class Fcm implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--service-account", required = true, paramLabel = "FILE", description = "The JSON key file.")
        Path file;

        @Override
        public Integer call() {
            String json = read(file);
            ServiceAccount.parse(json);
            return target.run((credentials, now) -> credentials.setFcm(target.applicationId, new PushCredentials.Fcm(json), now));
        }
    }

    @Command(name = "vapid", description = "Set the Web Push contact (VAPID subject), or make a new key pair.")
    static final class Vapid implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--subject", description = "Contact for push services: mailto:you@example.com or an https URL.")
        String subject;

        @Option(names = "--rotate", description = "Make a new key pair; every browser subscription must subscribe again.")
        boolean rotate;

        @Override
        public Integer call() {
            String contact = subject == null ? null : checkSubject(subject);
            return target.run((credentials, now) -> {
                PushCredentials.Vapid current = credentials.find(target.applicationId).vapid();
                if (current == null || rotate) {
                    KeyPair pair = P256Keys.generate();
                    credentials.setVapid(target.applicationId, new PushCredentials.Vapid(
                            P256Keys.base64Url(P256Keys.encodePoint((ECPublicKey) pair.getPublic())),
                            P256Keys.base64Url(pair.getPrivate().getEncoded()),
                            contact != null ? contact : current == null ? null : current.subject()), now);
                } else if (contact != null) {
                    credentials.setVapid(target.applicationId, new PushCredentials.Vapid(current.publicKey(),
                            current.privateKey(), contact), now);
                }
            });
        }
    }

    @Command(name = "call-push", description = "Whether Parley pushes calls itself to callees with no chat connection,"
            + " for this application (overrides parley.push.call-push).")
    static final class CallPush implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        /** Exactly one of the three. */
        static final class Choice {
            @Option(names = "--on", required = true, description = "Push calls.")
            boolean on;

            @Option(names = "--off", required = true, description = "Do not push calls.")
            boolean off;

            @Option(names = "--default", required = true, description = "Follow the server's parley.push.call-push.")
            boolean fallback;
        }

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        @Override
        public Integer call() {
            Boolean value = choice.on ? Boolean.TRUE : choice.off ? Boolean.FALSE : null;
            return target.run((credentials, now) -> credentials.setCallPush(target.applicationId, value, now));
        }
    }

    @Command(name = "show", description = "Print what is set, without the secrets.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return target.run((credentials, now) -> {
            });
        }
    }

    /** The providers {@code clear} removes. */
    enum Provider { APNS, FCM }

    @Command(name = "clear", description = "Remove a provider's credentials (APNS or FCM); its pushes stop.")
    static final class Clear implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--provider", required = true, description = "apns or fcm.")
        Provider provider;

        @Override
        public Integer call() {
            return target.run((credentials, now) -> {
                switch (provider) {
                    case APNS -> credentials.setApns(target.applicationId, null, now);
                    case FCM -> credentials.setFcm(target.applicationId, null, now);
                }
            });
        }
    }

    static String checkSubject(String subject) {
        String value = subject.strip();
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (value.length() > 255 || !(scheme.equals("mailto") || (scheme.equals("https") && uri.getHost() != null))) {
            throw new IllegalArgumentException("the VAPID subject must be a mailto: address or an https URL (RFC 8292 §2.1)");
        }
        return value;
    }

    /** @param callPush the application's override, or null */
    static Map<String, Object> summary(long applicationId, PushCredentials credentials, Boolean callPush) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("application_id", applicationId);
        PushCredentials.Apns apns = credentials.apns();
        json.put("apns", apns == null ? null : Map.of("key_id", apns.keyId(), "team_id", apns.teamId(),
                "bundle_id", apns.bundleId(), "gateway", apns.sandbox() ? "sandbox" : "production"));
        if (credentials.fcm() == null) {
            json.put("fcm", null);
        } else {
            ServiceAccount account = ServiceAccount.parse(credentials.fcm().serviceAccountJson());
            json.put("fcm", Map.of("project_id", account.projectId(), "client_email", account.clientEmail()));
        }
        PushCredentials.Vapid vapid = credentials.vapid();
        Map<String, Object> web = null;
        if (vapid != null) {
            web = new LinkedHashMap<>();
            web.put("public_key", vapid.publicKey());
            web.put("subject", vapid.subject());
        }
        json.put("vapid", web);
        json.put("call_push", callPush);
        return json;
    }

    static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new IllegalArgumentException(file + " is larger than " + MAX_FILE_SIZE + " bytes");
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
