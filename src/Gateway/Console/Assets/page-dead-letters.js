import { api, get, query, path, validId } from './api.js';
import { h, fill, time, empty, problemBox, field, json } from './dom.js';

export async function render(main, _, params) {
  const endpoints = await get('/v1/endpoints');
  const list = endpoints.ok ? endpoints.data.data : [];
  const urls = Object.fromEntries(list.map(e => [e.id, e.url]));
  const asked = params.get('endpointId') || '';
  const endpointId = validId('endpoint', asked) || '';
  const picker = h('select', { name: 'endpointId', on: { change: () => { location.hash = '#/dead-letters' + query({ endpointId: picker.value }); } } },
    h('option', { value: '' }, 'All endpoints'), list.map(e => h('option', { value: e.id }, e.description || e.url)));
  picker.value = endpointId;
  const status = h('div');
  const table = h('div');
  const replayAll = endpointId ? h('button.primary', {
    type: 'button', on: {
      click: async () => {
        const result = await api('POST', path`/v1/endpoints/${endpointId}/dead-letters/replay`);
        fill(status, result.ok ? h('div.alert.ok', `Replayed ${result.data.replayed} message(s); they are queued again.`) : problemBox(result.problem));
        await load();
      },
    },
  }, 'Replay all of this endpoint') : null;
  fill(main, h('h1', 'Dead letters'), asked && !endpointId ? h('div.alert.error', { role: 'alert' }, 'That is not an endpoint id: showing every endpoint.') : null, h('div.card', h('div.row', field('Endpoint', picker), h('div.field', replayAll))), status, h('div.card', table));

  async function load() {
    const result = await get('/v1/dead-letters' + query({ endpointId, cursor: params.get('cursor'), limit: 100 }));
    if (!result.ok) return fill(table, problemBox(result.problem));
    if (!result.data.data.length) {
      return fill(table, empty('No dead letters', 'Messages land here after their last retry fails. Nothing to replay right now.'));
    }
    fill(table, h('table', h('thead', h('tr', h('th', 'Dead since'), h('th', 'Endpoint'), h('th', 'Event type'), h('th', 'Attempts'), h('th', 'Last error'), h('th', ''))),
      h('tbody', result.data.data.map(letter => {
        const inspect = h('tr', { hidden: true }, h('td', { colspan: 6 },
          h('dl.kv', h('dt', 'Message'), h('dd', h('code', letter.id)), h('dt', 'Event'), h('dd', h('a', { href: `#/events/${encodeURIComponent(letter.eventId)}` }, letter.eventId)),
            h('dt', 'First attempt'), h('dd', time(letter.firstAttemptAt)), h('dt', 'Last attempt'), h('dd', time(letter.lastAttemptAt)),
            letter.traceId ? [h('dt', 'Trace'), h('dd', h('code', letter.traceId))] : null),
          json(pretty(letter.body))));
        const row = h('tr', { dataset: { message: letter.id } },
          h('td', time(letter.deadAt)), h('td.url', h('code', urls[letter.endpointId] || letter.endpointId)), h('td', letter.eventType),
          h('td', String(letter.attempts)), h('td', letter.lastError || (letter.lastStatus ? `HTTP ${letter.lastStatus}` : '')),
          h('td', h('div.actions',
            h('button', { type: 'button', on: { click: () => { inspect.hidden = !inspect.hidden; } } }, 'Inspect'),
            h('button.primary', { type: 'button', on: { click: () => act('POST', path`/v1/dead-letters/${letter.id}/replay`, 'Replayed: the message is queued again with a fresh attempt budget.') } }, 'Replay'),
            h('button.danger', { type: 'button', on: { click: () => confirm('Delete this dead letter for good?') && act('DELETE', path`/v1/dead-letters/${letter.id}`, 'Deleted.') } }, 'Delete'))));
        return [row, inspect];
      }))));
  }

  async function act(method, target, done) {
    const result = await api(method, target);
    fill(status, result.ok ? h('div.alert.ok', { role: 'status' }, done) : problemBox(result.problem));
    await load();
  }

  await load();
}

function pretty(body) {
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch { return body; }
}
