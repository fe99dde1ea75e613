// Fan-out: ENDPOINTS endpoints (default 100) all subscribed to "*", RATE events/s (default 20) for DURATION
// (default 1m), so the gateway makes ENDPOINTS x RATE deliveries per second from a light ingest load.
import { ingestThresholds, intEnv, sendEvent, setupTenant, teardownTenant } from './lib.js';

const rate = intEnv('RATE', 20);

export const options = {
  setupTimeout: '120s',
  scenarios: {
    fanout: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: __ENV.DURATION || '1m',
      preAllocatedVUs: 10,
      maxVUs: Math.max(50, rate * 2),
    },
  },
  thresholds: ingestThresholds(),
};

export function setup() {
  return setupTenant(intEnv('ENDPOINTS', 100));
}

export default function (data) {
  sendEvent(data);
}

export function teardown(data) {
  teardownTenant(data);
}
