// The live room's load test, driven by scripts/live-load: N clients in one room of the
// sync server on 127.0.0.1, each sending one of the app's own updates (written by
// examples/live_shapes.rs) every second. Each client keeps a Yjs replica, so it also
// applies what the others send, as a browser does.
//
// node --experimental-websocket scripts/live-load.mjs URL SERVER_PID SHAPES_DIR SECRET
// Prints JSON: propagation latency (from one client sending an edit to each other client
// holding it; one process, one clock), whether every replica (and a late joiner) ended
// equal, and the server's memory and CPU.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../server/package.json', import.meta.url));
const Y = require('yjs');
const encoding = require('lib0/encoding');
const decoding = require('lib0/decoding');
const syncProtocol = require('y-protocols/sync');

const [url, pidArg, dir, secret = ''] = process.argv.slice(2);
if (!/^ws:\/\/127\.0\.0\.1:\d+$/.test(url ?? '')) throw new Error('127.0.0.1 only: give ws://127.0.0.1:PORT');
const serverPid = Number(pidArg);
const room = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
const LOCAL = Symbol('local');
const REMOTE = Symbol('remote');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readUpdates(file) {
  const buf = fs.readFileSync(file);
  const out = [];
  for (let at = 0; at < buf.length;) {
    const len = buf.readUInt32LE(at);
    out.push(new Uint8Array(buf.subarray(at + 4, at + 4 + len)));
    at += 4 + len;
  }
  return out;
}

/** A raw client in Hocuspocus's framing: [room][type][y-protocols message]. */
function connect(doc = new Y.Doc()) {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const c = { doc, ws, synced: false };
  c.whenSynced = new Promise((res, rej) => { c.resolve = res; c.reject = rej; });
  const frame = (type, write) => {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, room);
    encoding.writeVarUint(e, type);
    write(e);
    return encoding.toUint8Array(e);
  };
  const send = (b) => { if (ws.readyState === WebSocket.OPEN) ws.send(b); };
  doc.on('update', (update, origin) => {
    if (origin !== REMOTE) send(frame(0, (e) => syncProtocol.writeUpdate(e, update)));
  });
  ws.onopen = () => {
    send(frame(2, (e) => { encoding.writeVarUint(e, 0); encoding.writeVarString(e, secret); }));
    send(frame(0, (e) => syncProtocol.writeSyncStep1(e, doc)));
  };
  ws.onmessage = (ev) => {
    const d = decoding.createDecoder(new Uint8Array(ev.data));
    if (decoding.readVarString(d) !== room) return;
    const type = decoding.readVarUint(d);
    if (type === 0 || type === 4) {
      const reply = encoding.createEncoder();
      encoding.writeVarString(reply, room);
      encoding.writeVarUint(reply, 0);
      const base = encoding.length(reply);
      const t = syncProtocol.readSyncMessage(d, reply, doc, REMOTE);
      if (encoding.length(reply) > base) send(encoding.toUint8Array(reply));
      if (t === syncProtocol.messageYjsSyncStep2 && !c.synced) { c.synced = true; c.resolve(c); }
    } else if (type === 2 && decoding.readVarUint(d) === 1) {
      c.reject(new Error(`refused: ${decoding.readVarString(d)}`));
    }
  };
  ws.onerror = () => c.reject(new Error('connection failed'));
  c.close = () => ws.close();
  return c;
}

const CLK = 100;
const proc = (pid) => {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (k) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
  return { t: performance.now(), cpu: (Number(f[11]) + Number(f[12])) / CLK, rss: mb('VmRSS'), peak: mb('VmHWM') };
};
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const r1 = (x) => Math.round(x * 10) / 10;
const svKey = (doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]).join(';');

const files = fs.readdirSync(dir).filter((f) => /^client-\d+\.bin$/.test(f)).sort((a, b) => parseInt(a.slice(7), 10) - parseInt(b.slice(7), 10));
const updates = files.map((f) => readUpdates(path.join(dir, f)));
const out = { room: `${room.slice(0, 8)}…`, clients: updates.length, editsPerClient: updates[0].length, server: { idle: proc(serverPid).rss } };

// The first browser opens the room with the model.
const first = connect();
await first.whenSynced;
Y.applyUpdate(first.doc, new Uint8Array(fs.readFileSync(path.join(dir, 'seed.bin'))), LOCAL);
const seeded = svKey(first.doc);
const clients = [first];
for (let i = 1; i < updates.length; i++) clients.push(connect());
await Promise.all(clients.map((c) => c.whenSynced));
for (const t0 = performance.now(); clients.some((c) => svKey(c.doc) !== seeded) && performance.now() - t0 < 30_000;) await sleep(20);
out.server.afterJoin = proc(serverPid).rss;

// Latency: when a client's state vector first covers each edit of each other client.
const authors = updates.map((u) => [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(u[0])).keys()][0]);
const sent = updates.map(() => []);
const seen = clients.map(() => updates.map(() => 0));
const latencies = [];
clients.forEach((c, j) => {
  c.doc.on('update', (_u, origin) => {
    if (origin !== REMOTE) return;
    const now = performance.now();
    const sv = Y.decodeStateVector(Y.encodeStateVector(c.doc));
    for (let a = 0; a < clients.length; a++) {
      if (a === j) continue;
      const have = sv.get(authors[a]) ?? 0;
      while (seen[j][a] < sent[a].length && have >= sent[a][seen[j][a]].clock) {
        latencies.push(now - sent[a][seen[j][a]].t);
        seen[j][a] += 1;
      }
    }
  });
});

const samples = [proc(serverPid)];
const sampler = setInterval(() => samples.push(proc(serverPid)), 250);
const runs = clients.map((c, i) => (async () => {
  await sleep((i * 1000) / clients.length);
  for (const u of updates[i]) {
    const t = performance.now();
    Y.applyUpdate(c.doc, u, LOCAL);
    sent[i].push({ t, clock: Y.decodeStateVector(Y.encodeStateVector(c.doc)).get(authors[i]) });
    await sleep(1000 - (performance.now() - t));
  }
})());
await Promise.all(runs);
const drain = performance.now();
for (; new Set(clients.map((c) => svKey(c.doc))).size > 1 && performance.now() - drain < 15_000;) await sleep(50);
clearInterval(sampler);
samples.push(proc(serverPid));

const expected = clients.length * (clients.length - 1) * updates[0].length;
const a = samples[1] ?? samples[0];
const b = samples[samples.length - 1];
out.latencyMs = { samples: latencies.length, expected, median: r1(pct(latencies, 50)), p95: r1(pct(latencies, 95)), max: r1(Math.max(...latencies)) };
out.converged = { stateVectors: new Set(clients.map((c) => svKey(c.doc))).size === 1 };
const late = connect();
await late.whenSynced;
for (const t0 = performance.now(); svKey(late.doc) !== svKey(first.doc) && performance.now() - t0 < 10_000;) await sleep(20);
out.converged.lateJoiner = svKey(late.doc) === svKey(first.doc);
out.server.duringMB = { max: r1(Math.max(...samples.map((s) => s.rss))), peak: r1(b.peak) };
out.server.cpuPctOfOneCore = r1(((b.cpu - a.cpu) / ((b.t - a.t) / 1000)) * 100);
out.server.idle = r1(out.server.idle);
out.server.afterJoin = r1(out.server.afterJoin);
out.roomBytes = Y.encodeStateAsUpdate(first.doc).length;
fs.writeFileSync(path.join(dir, 'final.bin'), Y.encodeStateAsUpdate(late.doc));
console.log(JSON.stringify(out));
[...clients, late].forEach((c) => c.close());
await sleep(200);
process.exit(0);
