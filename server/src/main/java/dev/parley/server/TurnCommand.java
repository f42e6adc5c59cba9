package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.api.turn.TurnSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code parley turn config}: prints a coturn configuration matching Parley's TURN settings (docs/turn.md). */
@Command(name = "turn", description = "Work with the TURN server (coturn).", subcommands = TurnCommand.Print.class)
final class TurnCommand {

    @Command(name = "config", description = "Print a coturn configuration (turnserver.conf) matching parley.turn: "
            + "its shared secret (generated into the data directory if unset), ports and realm.")
    static final class Print implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOptions options = new Main.ConfigOptions();

        @Option(names = "--realm", description = "Realm coturn announces (default: the host of the first turn: URL, "
                + "else parley.chat.domain).")
        String realm;

        @Option(names = "--listening-ip", paramLabel = "IP", description = "Address coturn listens on (repeatable; "
                + "default: all).")
        List<String> listeningIps = List.of();

        @Option(names = "--external-ip", paramLabel = "PUBLIC[/PRIVATE]", description = "The public address clients "
                + "reach, with the private one coturn binds when it sits behind a NAT.")
        String externalIp;

        @Option(names = "--relay-ports", paramLabel = "MIN-MAX", description = "UDP relay port range (default: "
                + CoturnConfig.DEFAULT_RELAY_PORTS + ").")
        String relayPorts = CoturnConfig.DEFAULT_RELAY_PORTS;

        @Option(names = "--cert", paramLabel = "FILE", description = "PEM certificate chain for turns: URLs.")
        String certificate;

        @Option(names = "--key", paramLabel = "FILE", description = "PEM private key for turns: URLs.")
        String privateKey;

        @Option(names = "--allow-peer", paramLabel = "IP[-IP]", description = "A private address the relay may "
                + "reach anyway, e.g. Parley's SFU (repeatable).")
        List<String> allowedPeers = List.of();

        @Option(names = "--log-file", paramLabel = "FILE", description = "Log to this file (default: syslog).")
        String logFile;

        @Option(names = "--pid-file", paramLabel = "FILE", description = "coturn's pid file (default: coturn's).")
        String pidFile;

        @Override
        public Integer call() {
            Config config = options.load(Map.of());
            Path dataDir = DataDirectory.prepare(Path.of(config.getString("data-dir")));
            System.out.print(coturn(config, dataDir).render());
            return 0;
        }

        CoturnConfig coturn(Config config, Path dataDir) {
            TurnSettings settings = TurnSettings.from(config);
            String secret = TurnSecret.resolve(config.getString("turn.secret"), dataDir);
            String chosenRealm = realm != null ? realm
                    : CoturnConfig.firstRelayHost(settings.urls()).orElse(config.getString("chat.domain"));
            return new CoturnConfig(settings.urls(), secret, chosenRealm, listeningIps, externalIp, relayPorts,
                    certificate, privateKey, allowedPeers, logFile, pidFile);
        }
    }
}
