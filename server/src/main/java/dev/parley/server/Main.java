package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.api.app.ApplicationService;
import dev.parley.common.config.ConfigLoader;
import dev.parley.common.json.Json;
import dev.parley.storage.Database;
import dev.parley.storage.Storage;
import dev.parley.storage.model.Application;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code parley} command line: {@code run} the server, {@code app create} an application, {@code turn config}
 * print a coturn configuration.
 */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Parley: self-hosted video calling.",
        subcommands = {Main.Run.class, Main.App.class, TurnCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, where every failure ends as one line on stderr and exit status 1 (2 for usage errors,
     * as picocli does): a start-up error is something to read, not a stack trace. {@code PARLEY_LOG_LEVEL=DEBUG}
     * adds the trace for a bug report.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println("parley: " + oneLine(e));
                    if ("DEBUG".equalsIgnoreCase(System.getenv("PARLEY_LOG_LEVEL"))) {
                        e.printStackTrace(commandLine.getErr());
                    }
                    commandLine.getErr().flush();
                    return 1;
                });
    }

    /** The exception's message, followed by its causes' where they add something. */
    static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = e; t != null && line.length() < 500; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (!line.toString().contains(message)) {
                line.append(line.isEmpty() ? "" : ": ").append(message);
            }
        }
        return line.toString().lines().findFirst().orElse("");
    }

    /** Options every command that reads the configuration shares. */
    static final class ConfigOptions {
        @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./data).")
        Path data;

        @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file (default: $PARLEY_CONFIG).")
        Path config;

        Config load(Map<String, Object> overrides) {
            Map<String, Object> all = new HashMap<>(overrides);
            if (data != null) {
                all.put("parley.data-dir", data.toString());
            }
            Optional<Path> file = Optional.ofNullable(config)
                    .or(() -> Optional.ofNullable(System.getenv("PARLEY_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
            return ConfigLoader.load(all, file, System.getenv());
        }
    }

    @Command(name = "run", description = "Start the server.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Option(names = "--host", description = "Interface to bind (default: 127.0.0.1).")
        String host;

        @Option(names = "--port", description = "HTTP port (default: 8080).")
        Integer port;

        @Option(names = "--https-port", description = "HTTPS port (default: 8443; -1 turns HTTPS off).")
        Integer httpsPort;

        @Option(names = "--xmpp-port", description = "XMPP-over-TCP port (default: 5222; -1 turns it off).")
        Integer xmppPort;

        @Option(names = "--media-port", description = "Conference media UDP port (default: 40000; 0 picks a free one).")
        Integer mediaPort;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, Object> overrides = new HashMap<>();
            Optional.ofNullable(host).ifPresent(v -> overrides.put("parley.http.host", v));
            Optional.ofNullable(port).ifPresent(v -> overrides.put("parley.http.port", v));
            Optional.ofNullable(httpsPort).ifPresent(v -> overrides.put("parley.http.https-port", v));
            Optional.ofNullable(xmppPort).ifPresent(v -> overrides.put("parley.chat.tcp-port", v));
            Optional.ofNullable(mediaPort).ifPresent(v -> overrides.put("parley.media.port", v));
            ParleyServer server = ParleyServer.start(options.load(overrides), Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "parley-shutdown"));
            System.out.println(readyLine(server));
            System.out.flush();
            stopped.await();
            return 0;
        }

        static String readyLine(ParleyServer server) {
            long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            String shown = server.host().equals("0.0.0.0") || server.host().equals("::") ? "127.0.0.1" : server.host();
            String https = server.httpsPort() >= 0 ? "  https://" + shown + ":" + server.httpsPort() + "/" : "";
            String xmpp = server.xmppPort() >= 0 ? "  xmpp://" + shown + ":" + server.xmppPort() : "";
            String media = server.mediaPort() >= 0 ? "  media udp " + server.mediaPort() : "";
            return "Parley ready in " + millis + " ms: http://" + shown + ":" + server.httpPort() + "/" + https + xmpp + media
                    + "  (data: " + server.dataDir() + ", database: "
                    + (server.embeddedDatabase() ? "embedded H2" : "external") + ", default app: "
                    + server.dataDir().resolve("default-app.json") + ")";
        }
    }

    /** The configured database, for commands that change it (with the embedded one, the server must be stopped). */
    static Database openDatabase(ConfigOptions options) {
        Config config = options.load(Map.of());
        Path dataDir = DataDirectory.prepare(Path.of(config.getString("data-dir")));
        Database.Settings settings = new Database.Settings(config.getString("database.url"),
                config.getString("database.user"), config.getString("database.password"), 2,
                config.getDuration("database.connection-timeout"));
        Database database = Database.open(settings, dataDir, null);
        try {
            DataDirectory.restrictDatabase(dataDir);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    @Command(name = "app", description = "Manage applications.", subcommands = {App.Create.class, AppPushCommand.class})
    static final class App {

        @Command(name = "create", description = "Create an application and print its credentials as JSON. "
                + "With the embedded database, stop the server first.")
        static final class Create implements Callable<Integer> {
            @CommandLine.Mixin
            ConfigOptions options = new ConfigOptions();

            @Option(names = "--name", required = true, description = "Application name.")
            String name;

            @Override
            public Integer call() {
                try (Database database = openDatabase(options)) {
                    ApplicationService service = new ApplicationService(Storage.jdbc(database, Clock.systemUTC()).applications());
                    Application application = service.create(name);
                    System.out.println(Json.write(ApplicationService.credentials(application)));
                    return 0;
                }
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"Parley " + (version == null ? "development build" : version)};
        }
    }
}
