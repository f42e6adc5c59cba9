// A user-space UDP relay that delays datagrams, for impaired networks in the test namespace (network.mjs): this
// kernel has no netem, so delay and jitter are made here. network.mjs runs it as a process of its own (its timers
// then keep time whatever the test process is busy with) and sends a browser's datagrams for the media server
// through it with an nftables DNAT rule; the relay forwards them to the server from a socket of its own per client
// address (as a NAT would: the server sees the relay's address, ICE learns it as peer reflexive) and sends the
// answers back.
//
// Each datagram, either way, leaves `delay + U(0, jitter)` ms after it arrived (uniform jitter, drawn for each
// datagram): datagrams are not held back behind earlier ones, so two whose draws differ by more than the time
// between them arrive swapped, as on a network path with jitter; there is no other reordering, no loss and no rate
// limit (nftables and tc do those). At most `queue` datagrams wait at once and at most `clients` client addresses
// per port are served; what is beyond is dropped and counted.
//
//   node udp-relay.mjs '{"listen":"198.20.0.1","upstream":"198.18.0.1","ports":[40000],"delay":20,"jitter":100}'
//
// It prints one line `ready` once every port is bound; a line `stats` on its stdin gets one JSON line back:
// {up, down (datagrams delivered each way), dropped: {queue, clients}}. It exits when its stdin closes.
import dgram from 'node:dgram';
import { createInterface } from 'node:readline';

const config = { queue: 4096, clients: 16, ...JSON.parse(process.argv[2]) };
const stats = { up: 0, down: 0, dropped: { queue: 0, clients: 0 } };
let waiting = 0;

/** Sends `message` with `send` after the delay and a fresh jitter draw, unless the queue is full. */
function later(message, send, direction) {
  if (waiting >= config.queue) {
    stats.dropped.queue += 1;
    return;
  }
  waiting += 1;
  setTimeout(() => {
    waiting -= 1;
    stats[direction] += 1;
    send(message);
  }, config.delay + Math.random() * config.jitter);
}

function bind(socket, port) {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, config.listen, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/** One port of the server: datagrams to it from each client go out of that client's own upstream socket. */
async function relayPort(port) {
  const front = dgram.createSocket('udp4');
  const upstreams = new Map();
  front.on('message', (message, from) => {
    const key = `${from.address}:${from.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      if (upstreams.size >= config.clients) {
        stats.dropped.clients += 1;
        return;
      }
      upstream = dgram.createSocket('udp4');
      upstream.on('message', (answer) => later(answer, (m) => front.send(m, from.port, from.address), 'down'));
      upstream.on('error', () => {}); // an ICMP unreachable from the server: the next datagram tries again
      upstreams.set(key, upstream);
      upstream.bind(0, config.listen);
    }
    later(message, (m) => upstream.send(m, port, config.upstream), 'up');
  });
  front.on('error', () => {});
  await bind(front, port);
}

await Promise.all(config.ports.map(relayPort));
process.stdout.write('ready\n');
createInterface({ input: process.stdin })
  .on('line', (line) => { if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(stats)}\n`); })
  .on('close', () => process.exit(0));
