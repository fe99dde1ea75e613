import { get, query } from './api.js';
import { h, fill, time, badge, empty, problemBox, field, toDateInput } from './dom.js';
import { rangeOf } from './page-overview.js';

const STATES = [['', 'All'], ['pending', 'Pending'], ['sent', 'Sent'], ['failed', 'Failed'], ['blocked', 'Blocked']];
export const STATE_KIND = { sent: 'ok', failed: 'bad', pending: 'info', blocked: 'filtered' };

export async function render(main, _, params) {
  const [endpoints, catalog] = await Promise.all([get('/v1/endpoints'), get('/v1/event-types')]);
  const endpointList = endpoints.ok ? endpoints.data.data : [];
  const urls = Object.fromEntries(endpointList.map(e => [e.id, e.url]));
  const state = select('state', STATES, params.get('state') || '');
  const endpoint = select('endpointId', [['', 'All endpoints'], ...endpointList.map(e => [e.id, e.description || e.url])], params.get('endpointId') || '');
  const type = select('eventType', [['', 'All types'], ['order.*', 'order.*'], ...(catalog.ok ? catalog.data.data.map(t => [t.name, t.name]) : [])], params.get('eventType') || '');
  const weekAgo = new Date(); weekAgo.setDate(weekAgo.getDate() - 6);
  const from = h('input', { type: 'date', name: 'from', value: params.get('from') ?? toDateInput(weekAgo) });
  const to = h('input', { type: 'date', name: 'to', value: params.get('to') ?? '' });
  const find = h('input', { type: 'search', name: 'find', value: params.get('messageId') || params.get('eventId') || '', placeholder: 'msg_… or evt_…' });
  const status = h('input', { type: 'number', name: 'status', min: '100', max: '599', step: '1', value: params.get('status') || '', placeholder: 'any' });
  const apply = cursor => {
    const id = find.value.trim();
    location.hash = '#/logs' + query({
      state: state.value, endpointId: endpoint.value, eventType: type.value, from: id ? '' : from.value, to: id ? '' : to.value,
      eventId: id.startsWith('evt_') ? id : '', messageId: id.startsWith('msg_') ? id : '', status: status.value, cursor,
    });
  };
  const form = h('form.row', { on: { submit: e => { e.preventDefault(); apply(); } } },
    field('Message or event id', find), field('State', state), field('Endpoint', endpoint), field('Event type', type),
    field('HTTP status', status), field('From', from), field('To (inclusive)', to),
    h('div.field', h('button.primary', { type: 'submit' }, 'Show')));
  const table = h('div');
  fill(main, h('h1', 'Logs'), h('div.card', form), h('div.card', table));

  const result = await get('/v1/logs' + query({
    state: state.value || 'pending,sent,failed,blocked', endpointId: endpoint.value, eventType: type.value,
    eventId: params.get('eventId'), messageId: params.get('messageId'), status: params.get('status'),
    ...(params.get('eventId') || params.get('messageId') ? {} : rangeOf(from.value, to.value)), cursor: params.get('cursor'), limit: 50,
  }));
  if (!result.ok) return fill(table, problemBox(result.problem));
  const rows = result.data.data;
  if (rows.length === 0) {
    return fill(table, empty('Nothing logged for these filters',
      endpointList.length ? 'Widen the dates or the state, or send an event (an endpoint page can send a test event).' : 'Create an endpoint first; its deliveries and blocked events show here.',
      endpointList.length ? null : h('a.button.primary', { href: '#/endpoints/new' }, 'Create an endpoint')));
  }
  fill(table, h('table.logs',
    h('thead', h('tr', h('th', 'Time'), h('th', 'State'), h('th', 'Endpoint'), h('th', 'Event type'), h('th', 'Detail'))),
    h('tbody', rows.map(entry => h(`tr${entry.eventId ? '.clickable' : ''}`, {
      dataset: { state: entry.state, event: entry.eventId || '' },
      on: { click: () => { if (entry.eventId) location.hash = `#/events/${entry.eventId}`; } },
    },
    h('td', time(entry.at)),
    h('td', badge(entry.state, STATE_KIND[entry.state])),
    h('td.url', h('code', urls[entry.endpointId] || entry.endpointId)),
    h('td', entry.eventType),
    h('td', detail(entry)))))),
  h('div.actions', params.get('cursor') ? h('button', { type: 'button', on: { click: () => apply() } }, '← Newest') : null,
    result.data.nextCursor ? h('button', { type: 'button', on: { click: () => apply(result.data.nextCursor) } }, 'Older →') : null));
}

export function detail(entry) {
  switch (entry.state) {
    case 'blocked': return ['Rule: ', h('code', entry.rule || 'filter'), entry.objectId ? ` · order ${entry.objectId}` : ''];
    case 'pending': return `${entry.status || 'waiting'} · ${entry.attempts ?? 0} attempts so far${entry.nextAttemptAt ? ` · next ${time(entry.nextAttemptAt)}` : ''}`;
    default: return `Attempt ${entry.attempt}: ${entry.statusCode ? 'HTTP ' + entry.statusCode : entry.error || entry.outcome} · ${Math.round(entry.durationMs ?? 0)} ms`;
  }
}

function select(name, options, value) {
  const el = h('select', { name }, options.map(([v, label]) => h('option', { value: v }, label)));
  el.value = value;
  return el;
}
