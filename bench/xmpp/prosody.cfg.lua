-- Prosody configuration for bench/xmpp-bench.sh: loopback only, non-default ports, plaintext c2s (no
-- encryption required, PLAIN allowed), no s2s, no HTTP. Passwords stored hashed (SCRAM, Prosody's default
-- internal_hashed). Modules: the ones matching what Parley's chat server does (roster and presence, disco,
-- offline storage, stream management, carbons, CSI, ping), plus in-band registration for the benchmark
-- accounts. BENCH_DIR is replaced by the script with a private data directory; the c2s port is 15224.
daemonize = false
pidfile = "BENCH_DIR/prosody.pid"
data_path = "BENCH_DIR/data"
log = { warn = "BENCH_DIR/prosody.log"; error = "BENCH_DIR/prosody.log" }
network_backend = "epoll"

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { 15224 }
c2s_interfaces = { "127.0.0.1" }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
component_ports = { }

c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"
allow_registration = true
min_seconds_between_registrations = nil
c2s_stanza_size_limit = 65536

modules_enabled = {
  "roster"; "saslauth"; "disco"; "presence"; "message"; "iq";
  "offline"; "smacks"; "carbons"; "csi_simple"; "ping"; "register";
}
modules_disabled = { "s2s"; "tls" }

VirtualHost "bench.local"
