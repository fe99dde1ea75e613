import { api, get, path } from './api.js';
import { h, fill, field, problemBox, time } from './dom.js';

// "Recover failed messages since…": POST /v1/endpoints/{id}/recover, then its progress until done.
export function recoverCard(endpoint) {
  const since = h('input', { type: 'datetime-local', name: 'recoverSince', step: '1' });
  const until = h('input', { type: 'datetime-local', name: 'recoverUntil', step: '1' });
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
  since.value = new Date(dayAgo.getTime() - dayAgo.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  const status = h('div', { id: 'recover-status' });
  const start = h('button.primary', {
    type: 'button', on: {
      click: async () => {
        if (!since.value) return fill(status, h('div.alert.error', 'Pick the time to recover from.'));
        const body = { since: new Date(since.value).toISOString() };
        if (until.value) body.until = new Date(until.value).toISOString();
        start.disabled = true;
        const started = await api('POST', path`/v1/endpoints/${endpoint.id}/recover`, body);
        if (!started.ok) {
          start.disabled = false;
          return fill(status, problemBox(started.problem));
        }
        await follow(endpoint.id, started.data, status);
        start.disabled = false;
      },
    },
  }, 'Recover failed messages');
  return h('div.card', h('h2', 'Recover failed messages since…'),
    h('p.muted', 'Queues again every message of this endpoint accepted in the window whose last attempt failed (dead letters, and messages waiting for a retry), with the same webhook-id and a fresh set of attempts.'),
    h('div.grid3', field('Since (your local time)', since), field('Until (empty: now)', until)),
    h('div.actions', start), status);
}

async function follow(endpointId, progress, box) {
  for (let i = 0; i < 600 && !progress.done; i++) {
    show(progress, box);
    await new Promise(r => setTimeout(r, 1000));
    const read = await get(path`/v1/endpoints/${endpointId}/recover/${progress.id}`);
    if (!read.ok) return fill(box, problemBox(read.problem));
    progress = read.data;
  }
  show(progress, box);
}

function show(p, box) {
  const lost = p.notRecoverable > 0
    ? h('p', `${p.notRecoverable} not recoverable (their body has left the store): `, p.notRecoverableIds.map(id => h('code', id + ' ')))
    : null;
  fill(box, h(`div.alert.${p.done ? 'ok' : 'info'}`, { role: 'status', dataset: { recovery: p.done ? 'done' : 'running' } },
    h('strong', p.done ? 'Recovery done. ' : 'Recovering… '),
    `${p.found} found, ${p.queued} queued again`, p.done && p.finishedAt ? ` (finished ${time(p.finishedAt)}).` : '.', lost));
}
