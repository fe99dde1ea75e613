// A long, moderate load to find leaks and slow drift: RATE events/s (default 50) for DURATION (default 30m).
// Watch the gateway's RSS and queue depth in Grafana meanwhile; the thresholds guard ingestion only.
import { ingestThresholds, intEnv, sendEvent, setupTenant, teardownTenant } from './lib.js';

const rate = intEnv('RATE', 50);

export const options = {
  scenarios: {
    soak: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: __ENV.DURATION || '30m',
      preAllocatedVUs: Math.max(10, Math.ceil(rate / 10)),
      maxVUs: Math.max(50, rate * 2),
    },
  },
  thresholds: {
    ...ingestThresholds(),
    // Over a long run even rare failures matter.
    'http_req_failed{name:ingest}': ['rate<0.001'],
  },
};

export function setup() {
  return setupTenant(intEnv('ENDPOINTS', 4));
}

export default function (data) {
  sendEvent(data);
}

export function teardown(data) {
  teardownTenant(data);
}
