// Ramp up to BASE_RATE (default 100/s), hold, spike to SPIKE_RATE (default 1000/s) for 10 s, recover, ramp down.
// The ingest p99 threshold is looser here (INGEST_P99_MS, default 1000) since the spike is meant to hurt.
import { ingestThresholds, intEnv, sendEvent, setupTenant, teardownTenant } from './lib.js';

const base = intEnv('BASE_RATE', 100);
const spike = intEnv('SPIKE_RATE', 1000);

export const options = {
  scenarios: {
    ingest: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      preAllocatedVUs: Math.max(20, Math.ceil(spike / 10)),
      maxVUs: Math.max(100, spike),
      stages: [
        { target: base, duration: '30s' },
        { target: base, duration: '1m' },
        { target: spike, duration: '5s' },
        { target: spike, duration: '10s' },
        { target: base, duration: '5s' },
        { target: base, duration: '1m' },
        { target: 0, duration: '15s' },
      ],
    },
  },
  thresholds: ingestThresholds(intEnv('INGEST_P99_MS', 1000)),
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
