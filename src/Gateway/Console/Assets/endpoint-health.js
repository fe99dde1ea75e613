// Endpoint state at a glance, read from the API: the endpoint, its queue and counters, its health.
import { get, path } from './api.js';
import { badge, relative, time } from './dom.js';

export async function loadEndpoints() {
  const list = await get('/v1/endpoints');
  if (!list.ok) throw new Error(list.problem?.detail || 'could not list endpoints');
  return Promise.all(list.data.data.map(async endpoint => {
    const [stats, health] = await Promise.all([get(path`/v1/endpoints/${endpoint.id}/stats`), get(path`/v1/endpoints/${endpoint.id}/health`)]);
    return { endpoint, stats: stats.data || {}, health: health.data || {} };
  }));
}

export function stateBadge({ endpoint, health }) {
  if (endpoint.disabled) return [badge('disabled', 'bad'), endpoint.disabledReason ? ` ${endpoint.disabledReason}` : ''];
  if (health.breakerOpen) return badge('breaker open', 'warn');
  if (health.failingSince) return [badge('failing', 'warn'), ` since ${relative(health.failingSince)}`];
  return badge('enabled', 'ok');
}

export function lastSuccess(health) {
  return health.lastSuccessAt ? [relative(health.lastSuccessAt)] : ['never'];
}

export function lastSuccessTitle(health) {
  return health.lastSuccessAt ? time(health.lastSuccessAt) : '';
}
