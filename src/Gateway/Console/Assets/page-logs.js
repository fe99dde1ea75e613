import { get, query } from './api.js';
import { h, fill, time, badge, empty, problemBox, field, toDateInput } from './dom.js';
import { rangeOf } from './page-overview.js';

const STATES = [['', 'All'], ['pending', 'Pending'], ['sent', 'Sent'], ['failed', 'Failed'], ['filtered', 'Filtered']];
export const STATE_KIND = { sent: 'ok', failed: 'bad', pending: 'info', filtered: 'filtered' };

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
  const find = h('input', { type: 'search', name: 'find', value: params.get('objectId') || params.get('messageId') || params.get('eventId') || '', placeholder: 'order id, msg_… or evt_…' });
  const status = h('input', { type: 'number', name: 'status', min: '100', max: '599', step: '1', value: params.get('status') || '', placeholder: 'any' });
  const apply = cursor => {
    const id = find.value.trim();
    location.hash = '#/logs' + query({
      state: state.value, endpointId: endpoint.value, eventType: type.value, from: id ? '' : from.value, to: id ? '' : to.value,
      eventId: id.startsWith('evt_') ? id : '', messageId: id.startsWith('msg_') ? id : '', objectId: kindOf(id) === 'order' ? id : '',
      status: status.value, cursor,
    });
  };
  const form = h('form.row', { on: { submit: e => { e.preventDefault(); apply(); } } },
    field('Order, message or event id', find), field('State', state), field('Endpoint', endpoint), field('Event type', type),
    field('HTTP status', status), field('From', from), field('To (inclusive)', to),
    h('div.field', h('button.primary', { type: 'submit' }, 'Show')));
  const table = h('div');
  fill(main, h('h1', 'Logs'), h('div.card', form), h('div.card', table));

  if (params.get('objectId')) return orderTimeline(table, params.get('objectId'), endpoint.value, urls);

  const result = await get('/v1/logs' + query({
    state: state.value || 'pending,sent,failed,filtered', endpointId: endpoint.value, eventType: type.value,
    eventId: params.get('eventId'), messageId: params.get('messageId'), status: params.get('status'),
    ...(params.get('eventId') || params.get('messageId') ? {} : rangeOf(from.value, to.value)), cursor: params.get('cursor'), limit: 50,
  }));
  if (!result.ok) return fill(table, problemBox(result.problem));
  const rows = result.data.data;
  if (rows.length === 0) {
    return fill(table, empty('Nothing logged for these filters',
      endpointList.length ? 'Widen the dates or the state, or send an event (an endpoint page can send a test event).' : 'Create an endpoint first; its deliveries and filtered events show here.',
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

// What a pasted id names: a message (msg_…), an event (evt_…), or else an order (the events' objectId).
function kindOf(id) {
  if (!id) return null;
  return id.startsWith('msg_') ? 'message' : id.startsWith('evt_') ? 'event' : 'order';
}

// Every delivery of one order: its events newest first, each with the endpoints it went to and every attempt.
async function orderTimeline(table, objectId, endpointId, urls) {
  const result = await get('/v1/logs' + query({ objectId, endpointId }));
  if (!result.ok) return fill(table, problemBox(result.problem));
  const events = result.data.events;
  if (events.length === 0) {
    return fill(table, empty(`No deliveries of order ${objectId}`,
      'An order shows here once one of its events has been attempted, within the log retention.'));
  }
  fill(table,
    h('h2', 'Order ', h('code', objectId)),
    result.data.truncated ? h('div.alert', 'Only the newest attempts are shown: this order has more than one lookup reads.') : null,
    h('ol.timeline', events.map(event => h('li.timeline-event', { dataset: { event: event.eventId } },
      h('div.row', h('strong', event.eventType), ' ', h('a', { href: `#/events/${event.eventId}` }, h('code', event.eventId)), ' · ', time(event.lastAttemptAt)),
      h('table.logs',
        h('thead', h('tr', h('th', 'Endpoint'), h('th', 'State'), h('th', 'Attempts, newest first'))),
        h('tbody', event.deliveries.map(delivery => h('tr', { dataset: { endpoint: delivery.endpointId, message: delivery.messageId } },
          h('td.url', h('code', urls[delivery.endpointId] || delivery.endpointId)),
          h('td', badge(delivery.state, DELIVERY_KIND[delivery.state] || 'info'),
            delivery.nextAttemptAt ? h('div.muted', 'next ', time(delivery.nextAttemptAt)) : null),
          h('td', delivery.attempts.length === 0 ? h('span.muted', 'not attempted yet') : h('ul.attempts', delivery.attempts.map(a => h('li', { dataset: { outcome: a.outcome } },
            time(a.at), ' · ', detail({ state: a.outcome === 'success' ? 'sent' : 'failed', ...a })))))))))))));
}

const DELIVERY_KIND = { delivered: 'ok', dead_lettered: 'bad', pending: 'info', in_flight: 'info' };

export function detail(entry) {
  switch (entry.state) {
    case 'filtered': return ['Rule: ', h('code', entry.rule || 'filter'), entry.objectId ? ` · order ${entry.objectId}` : ''];
    case 'pending': return `${entry.status || 'waiting'} · ${entry.attempts ?? 0} attempts so far${entry.nextAttemptAt ? ` · next ${time(entry.nextAttemptAt)}` : ''}`;
    default: return `Attempt ${entry.attempt}: ${entry.statusCode ? 'HTTP ' + entry.statusCode : entry.error || entry.outcome} · ${Math.round(entry.durationMs ?? 0)} ms`;
  }
}

function select(name, options, value) {
  const el = h('select', { name }, options.map(([v, label]) => h('option', { value: v }, label)));
  el.value = value;
  return el;
}
