// A room of N light participants (e2e/browser/lib/bots.mjs: webrtc-java, real ICE/DTLS/SRTP, 160x120
// video at 15 fps and a tone) on Janus 1.1.2 and/or Parley, inside scripts/netns-run: every bot must
// receive every other's video and audio; then the server's CPU time over WINDOW seconds per forwarded
// video stream (N × (N-1), each with its audio), and the bots' own CPU.
//   node bench/conference-bots.mjs [--bots N] [--window S] [--servers janus,parley]
import { assertBotsReceive, startBots } from '../e2e/browser/lib/bots.mjs';
import { janusServer, startConferenceServer } from '../e2e/browser/lib/conference.mjs';
import { cleanups, createUser, sleep } from '../e2e/browser/lib/parley.mjs';
import { startJanus } from './conference/janus.mjs';
import { cpuSeconds } from './conference/process-cpu.mjs';
import { benchOptions, eachServer } from './conference/run.mjs';

const opts = benchOptions({ bots: { type: 'string', default: '12' } });
const N = Number(opts.bots);
const WINDOW_S = Number(opts.window);

async function janusRoom() {
  const janus = await startJanus();
  const ids = Array.from({ length: N }, (_, i) => 101 + i);
  return { name: 'Janus 1.1.2', ws: janus.ws, room: janus.room, pid: janus.pid, participants: ids.map((id) => ({ id })) };
}

async function parleyRoom() {
  const parley = await startConferenceServer();
  const participants = [];
  for (let i = 0; i < N; i += 1) {
    const user = await createUser(parley, `bot${i + 1}`);
    participants.push({ id: user.id, token: user.token });
  }
  return { name: 'Parley', ws: janusServer(parley.base), room: 'bots', pid: parley.pid, participants };
}

const rows = [];
await eachServer(opts.servers, { janus: janusRoom, parley: parleyRoom }, async (server) => {
  const bots = startBots({ server: server.ws, room: server.room, participants: server.participants, duration: 600, closers: cleanups });
  const ids = server.participants.map((p) => p.id);
  const t0 = Date.now();
  await assertBotsReceive(bots, ids, ids, 120_000);
  const allFlowing = Date.now() - t0;
  await sleep(3000);
  const [cpu0, bots0, w0] = [cpuSeconds(server.pid), cpuSeconds(bots.pid), performance.now()];
  await sleep(WINDOW_S * 1000);
  const [cpu, botsCpu, wall] = [cpuSeconds(server.pid) - cpu0, cpuSeconds(bots.pid) - bots0, (performance.now() - w0) / 1000];
  const streams = N * (N - 1);
  rows.push(`| ${server.name} | ${N} | ${(allFlowing / 1000).toFixed(1)} s | ${((cpu / wall) * 100).toFixed(1)} % `
    + `| ${((cpu / wall / streams) * 1000).toFixed(2)} ms/s | ${((botsCpu / wall) * 100).toFixed(0)} % |`);
  console.error(rows.at(-1));
  await bots.stop();
});
console.log('| server | bots | start to media between every pair | server CPU (of one core) | server CPU per forwarded video stream (with its audio), per second | bots\' JVM CPU |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
