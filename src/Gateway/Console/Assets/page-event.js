import { get, path, validId } from './api.js';
import { h, fill, time, badge, json, problemBox } from './dom.js';
import { STATE_KIND, detail } from './page-logs.js';

export async function render(main, [asked]) {
  const eventId = validId('event', asked);
  if (!eventId) return fill(main, h('h1', 'Message'), h('div.card', h('p', 'No such event.'), h('a', { href: '#/logs' }, '← Logs')));
  const [event, endpoints, attempts, filtered] = await Promise.all([
    get(path`/v1/events/${eventId}`),
    get('/v1/endpoints'),
    get('/v1/logs?state=sent,failed,pending&limit=500'),
    get('/v1/logs?state=filtered&limit=500'),
  ]);
  if (!event.ok) {
    return fill(main, h('h1', 'Message'), event.status === 404
      ? h('div.card', h('p', 'No such event: it is another tenant\'s, or its body has passed the retention.'), h('a', { href: '#/logs' }, '← Logs'))
      : problemBox(event.problem));
  }
  const urls = Object.fromEntries((endpoints.data?.data || []).map(e => [e.id, e.url]));
  const mine = (attempts.data?.data || []).filter(e => e.eventId === eventId);
  const rules = (filtered.data?.data || []).filter(e => e.eventId === eventId);
  const e = event.data;
  fill(main,
    h('div.spread', h('h1', `Event ${e.id}`), h('a', { href: '#/logs' }, '← Logs')),
    h('div.card', h('dl.kv', h('dt', 'Type'), h('dd', e.eventType), h('dt', 'Received'), h('dd', time(e.receivedAt)),
      e.traceId ? [h('dt', 'Trace'), h('dd', h('code', e.traceId))] : null)),
    h('div.card', h('h2', 'Deliveries'), e.deliveries.length
      ? h('table', h('thead', h('tr', h('th', 'Endpoint'), h('th', 'Message id'), h('th', 'State'), h('th', 'Attempts'))),
        h('tbody', e.deliveries.map(d => h('tr', { dataset: { message: d.messageId } },
          h('td.url', h('code', urls[d.endpointId] || d.endpointId)), h('td', h('code', d.messageId)),
          h('td', badge(d.state.status, { delivered: 'ok', dead_lettered: 'bad', pending: 'info', in_flight: 'info' }[d.state.status])),
          h('td', attemptList(mine.filter(a => a.messageId === d.messageId)))))))
      : h('p.muted', 'No endpoint took this event.')),
    rules.length ? h('div.card', h('h2', 'Filtered'), h('table', h('tbody', rules.map(r => h('tr', { dataset: { state: 'filtered' } },
      h('td.url', h('code', urls[r.endpointId] || r.endpointId)), h('td', badge('filtered', STATE_KIND.filtered)), h('td', detail(r))))))) : null,
    h('div.card', h('h2', 'Body'), json(e.payload)));
}

function attemptList(entries) {
  if (!entries.length) return h('span.muted', 'none yet');
  return h('ol', entries.slice().reverse().map(a => h('li', { dataset: { state: a.state } },
    badge(a.state, STATE_KIND[a.state]), ' ', time(a.at), ' · ', detail(a), a.response ? h('details', h('summary', 'Response'), json(a.response)) : null)));
}
