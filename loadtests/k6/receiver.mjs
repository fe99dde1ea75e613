// The subscriber side of the k6 suites: plain Node (no packages). Verifies every Standard Webhooks signature with
// node:crypto, dedupes by webhook-id per path, and measures receive time minus the event's eventDate.
//   PORT (default 9999), HOST (default 127.0.0.1), WEBHOOK_SECRET (the same whsec_ secret lib.js registers)
//   GET /stats  totals as JSON      POST /reset  zero the totals (lib.js calls it in setup)
// Stop with Ctrl+C; it prints the totals on exit.
import http from 'node:http';
import crypto from 'node:crypto';

const port = Number(process.env.PORT || 9999);
const host = process.env.HOST || '127.0.0.1';
const secret = process.env.WEBHOOK_SECRET || 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
const toleranceSeconds = 5 * 60;

let stats;
let seen;
let latencies;

function reset() {
  stats = { requests: 0, unique: 0, duplicates: 0, badSignatures: 0, malformed: 0, perPath: {} };
  seen = new Map();
  latencies = [];
}

// True when any space-separated v1 entry of the header is the HMAC-SHA256 of "{id}.{timestamp}.{body}".
function verify(secretKey, id, timestamp, body, header) {
  const expected = crypto.createHmac('sha256', secretKey).update(`${id}.${timestamp}.`).update(body).digest();
  return header.split(' ').some((entry) => {
    if (!entry.startsWith('v1,')) {
      return false;
    }
    const candidate = Buffer.from(entry.slice(3), 'base64');
    return candidate.length === expected.length && crypto.timingSafeEqual(candidate, expected);
  });
}

function percentile(sorted, p) {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary() {
  const sorted = Float64Array.from(latencies).sort();
  return { ...stats, e2eP50Ms: percentile(sorted, 50), e2eP99Ms: percentile(sorted, 99), e2eMaxMs: percentile(sorted, 100) };
}

function handle(req, res, body) {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(summary()));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    reset();
    res.writeHead(204).end();
    return;
  }
  const match = /^\/hook\/(\d+)$/.exec(req.url);
  if (req.method !== 'POST' || !match) {
    res.writeHead(404).end();
    return;
  }

  stats.requests++;
  const now = Date.now();
  const id = req.headers['webhook-id'] || '';
  const timestamp = req.headers['webhook-timestamp'] || '';
  const signature = req.headers['webhook-signature'] || '';
  const fresh = Math.abs(now / 1000 - Number(timestamp)) <= toleranceSeconds;
  if (!id || !timestamp || !signature || !fresh || !verify(key, id, timestamp, body, signature)) {
    stats.badSignatures++;
    res.writeHead(401).end();
    return;
  }

  let event;
  try {
    event = JSON.parse(body);
  } catch {
    stats.malformed++;
    res.writeHead(400).end();
    return;
  }

  const path = match[1];
  const ids = seen.get(path) ?? seen.set(path, new Set()).get(path);
  const counts = (stats.perPath[path] ??= { unique: 0, duplicates: 0 });
  if (ids.has(id)) {
    stats.duplicates++;
    counts.duplicates++;
  } else {
    ids.add(id);
    stats.unique++;
    counts.unique++;
    const sent = Date.parse(event.eventDate);
    if (Number.isFinite(sent)) {
      latencies.push(now - sent);
    }
  }
  res.writeHead(204).end();
}

reset();
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => console.log(`receiver listening on http://${host}:${port}/hook/{n}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.log(JSON.stringify(summary()));
    server.close();
    process.exit(0);
  });
}
