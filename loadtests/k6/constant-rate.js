// A constant arrival rate: RATE events/s (default 200) for DURATION (default 1m) to ENDPOINTS endpoints (default 4).
import { ingestThresholds, intEnv, sendEvent, setupTenant, teardownTenant } from './lib.js';

const rate = intEnv('RATE', 200);

export const options = {
  scenarios: {
    ingest: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: __ENV.DURATION || '1m',
      preAllocatedVUs: Math.max(10, Math.ceil(rate / 10)),
      maxVUs: Math.max(50, rate),
    },
  },
  thresholds: ingestThresholds(),
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
