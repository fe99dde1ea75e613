// The client of the durable-mode failover run (see run.sh): creates a tenant and one endpoint pointing at its own
// receiver, sends RATE events/s for DURATION s, each with its own Idempotency-Key, retrying a 503 (after its
// Retry-After, at most 1 s) or an answer that did not come within 5 s, with the same key, for at most 30 s. Then
// waits for every accepted event to be delivered and prints one JSON line. Loopback only.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const gateway = process.env.GATEWAY;
const admin = process.env.ADMIN_KEY;
const rate = Number(process.env.RATE || 150);
const duration = Number(process.env.DURATION || 30);
const body = readFileSync(process.env.BODY, 'utf8');

const delivered = new Set();
const receiver = http.createServer((req, res) => {
  delivered.add(req.headers['webhook-id']);
  req.resume();
  req.on('end', () => { res.writeHead(200); res.end(); });
});
await new Promise(r => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

async function call(method, path, key, payload) {
  const r = await fetch(gateway + path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: payload });
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}
const tenant = await call('POST', '/admin/tenants', admin, JSON.stringify({ name: 'failover' }));
const endpoint = await call('POST', '/v1/endpoints', tenant.apiKey, JSON.stringify({ url: receiverUrl, eventTypes: ['*'] }));
const messageId = eventId => 'msg_' + eventId.slice(4) + endpoint.id.slice(endpoint.id.indexOf('_') + 1, endpoint.id.indexOf('_') + 9);
console.error('ready');

const stats = { sent: 0, accepted: 0, status503: 0, other: {}, slowOver2s: 0, noAnswerIn5s: 0, givenUp: 0, latencies: [] };
const accepted = [];
const start = performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function send(n) {
  const key = `failover-${n}`;
  const giveUp = performance.now() + 30_000;
  while (performance.now() < giveUp) {
    const t0 = performance.now();
    let response = null;
    try {
      response = await fetch(gateway + '/v1/events', {
        method: 'POST', body, signal: AbortSignal.timeout(5000),
        headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json', 'idempotency-key': key },
      });
    } catch {
      stats.noAnswerIn5s++;
      stats.slowOver2s++;
      continue;
    }
    const took = performance.now() - t0;
    stats.latencies.push(took);
    if (took > 2000) stats.slowOver2s++;
    const text = await response.text();
    if (response.status === 202) {
      stats.accepted++;
      accepted.push(JSON.parse(text).id);
      return;
    }
    if (response.status === 503) {
      stats.status503++;
      await sleep(Math.min(1000, 1000 * Number(response.headers.get('retry-after') || 1)));
      continue;
    }
    stats.other[response.status] = (stats.other[response.status] || 0) + 1;
    return;
  }
  stats.givenUp++;
}

const inflight = [];
for (let n = 0; performance.now() - start < duration * 1000; n++) {
  const due = start + (n * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  stats.sent++;
  inflight.push(send(n));
}
await Promise.all(inflight);

const deadline = performance.now() + 90_000;
while (accepted.some(id => !delivered.has(messageId(id))) && performance.now() < deadline) await sleep(500);
const lost = accepted.filter(id => !delivered.has(messageId(id))).length;
const sorted = stats.latencies.sort((a, b) => a - b);
const pct = p => (sorted.length ? Math.round(sorted[Math.floor((sorted.length - 1) * p)] * 10) / 10 : null);
await call('DELETE', `/v1/endpoints/${endpoint.id}`, tenant.apiKey);
console.log(JSON.stringify({
  sent: stats.sent, accepted: stats.accepted, lost, status503: stats.status503, other: stats.other,
  answersOver2s: stats.slowOver2s, noAnswerIn5s: stats.noAnswerIn5s, givenUp: stats.givenUp,
  latencyMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
}));
receiver.close();
process.exit(0);
