// Shared setup and request code of the k6 suites. Everything is configured from the environment:
//   GATEWAY_URL     the gateway (default http://127.0.0.1:8080)
//   ADMIN_KEY       its admin key (Gateway:AdminApiKey), required
//   RECEIVER_URL    where receiver.mjs listens (default http://127.0.0.1:9999)
//   WEBHOOK_SECRET  the whsec_ secret given to every endpoint, and to receiver.mjs
//   INGEST_P99_MS   threshold on the 99th percentile of ingestion latency (default 250)
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { Counter } from 'k6/metrics';

export const GATEWAY_URL = (__ENV.GATEWAY_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const ADMIN_KEY = __ENV.ADMIN_KEY || '';
export const RECEIVER_URL = (__ENV.RECEIVER_URL || 'http://127.0.0.1:9999').replace(/\/$/, '');
export const WEBHOOK_SECRET = __ENV.WEBHOOK_SECRET || 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const INGEST_P99_MS = Number(__ENV.INGEST_P99_MS || 250);

export const eventsAccepted = new Counter('events_accepted');

// Thresholds every suite shares: ingestion latency and error rate, tagged name:ingest.
export function ingestThresholds(p99Ms = INGEST_P99_MS) {
  return {
    'http_req_duration{name:ingest}': [`p(99)<${p99Ms}`],
    'http_req_failed{name:ingest}': ['rate<0.01'],
    'checks{name:ingest}': ['rate>0.99'],
  };
}

export function intEnv(name, fallback) {
  const value = Number(__ENV[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function json(res, what) {
  if (res.status < 200 || res.status >= 300) {
    fail(`${what} answered ${res.status}: ${res.body}`);
  }
  return res.json();
}

// setup(): one tenant and `count` endpoints subscribed to "*", each at RECEIVER_URL/hook/{n}.
export function setupTenant(count) {
  if (!ADMIN_KEY) {
    fail('ADMIN_KEY is not set (the gateway\'s Gateway:AdminApiKey).');
  }

  const reset = http.post(`${RECEIVER_URL}/reset`, null, { tags: { name: 'setup' } });
  if (reset.status !== 204) {
    fail(`receiver.mjs is not answering at ${RECEIVER_URL} (status ${reset.status}); start it first.`);
  }

  const tenant = json(
    http.post(`${GATEWAY_URL}/admin/tenants`, JSON.stringify({ name: `k6-${Date.now()}` }), {
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      tags: { name: 'setup' },
    }),
    'POST /admin/tenants',
  );

  const endpointIds = [];
  for (let n = 0; n < count; n++) {
    const endpoint = json(
      http.post(
        `${GATEWAY_URL}/v1/endpoints`,
        JSON.stringify({ url: `${RECEIVER_URL}/hook/${n}`, eventTypes: ['*'], secret: WEBHOOK_SECRET, description: 'k6' }),
        { headers: { Authorization: `Bearer ${tenant.apiKey}`, 'Content-Type': 'application/json' }, tags: { name: 'setup' } },
      ),
      'POST /v1/endpoints',
    );
    endpointIds.push(endpoint.id);
  }

  return { apiKey: tenant.apiKey, endpointIds };
}

// An order.completed document whose eventDate is now (ms precision), so receiver.mjs can measure end to end.
export function orderEvent(objectId) {
  return JSON.stringify({
    subject: 'order',
    type: 'completed',
    objectId,
    eventDate: new Date().toISOString(),
    order: {
      id: objectId,
      creationDate: '2026-01-01T00:00:00Z',
      currency: 'EUR',
      consentFlags: { newsletterOptin: false },
      customer: { customerAccount: 'acme', id: 'c-1' },
      items: [{ productCode: 'SKU-1', quantity: 2, price: 9.5 }],
    },
  });
}

// One POST /v1/events, tagged name:ingest for the thresholds.
export function sendEvent(data) {
  const res = http.post(`${GATEWAY_URL}/v1/events`, orderEvent(`k6-${__VU}-${__ITER}`), {
    headers: { Authorization: `Bearer ${data.apiKey}`, 'Content-Type': 'application/json' },
    tags: { name: 'ingest' },
  });
  if (check(res, { 'ingest answered 202': (r) => r.status === 202 }, { name: 'ingest' })) {
    eventsAccepted.add(1);
  }
  return res;
}

// teardown(): wait (at most DRAIN_SECONDS, default 60) until the receiver stops counting, print its totals, and
// remove the endpoints so the gateway stops retrying into a receiver that may be gone.
export function teardownTenant(data) {
  const drainSeconds = intEnv('DRAIN_SECONDS', 60);
  let last = -1;
  let stats = null;
  for (let waited = 0; waited < drainSeconds; waited += 2) {
    const res = http.get(`${RECEIVER_URL}/stats`, { tags: { name: 'teardown' } });
    stats = res.status === 200 ? res.json() : null;
    if (stats && stats.unique === last) {
      break;
    }
    last = stats ? stats.unique : last;
    sleep(2);
  }
  console.log(`receiver: ${JSON.stringify(stats)}`);

  for (const id of data.endpointIds) {
    http.del(`${GATEWAY_URL}/v1/endpoints/${id}`, null, {
      headers: { Authorization: `Bearer ${data.apiKey}` },
      tags: { name: 'teardown' },
    });
  }
}
