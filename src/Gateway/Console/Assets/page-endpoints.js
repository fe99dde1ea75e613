import { h, fill, number, empty } from './dom.js';
import { loadEndpoints, stateBadge, lastSuccess, lastSuccessTitle } from './endpoint-health.js';
import { destinationCell } from './endpoint-destination.js';

export async function render(main) {
  const rows = await loadEndpoints();
  const header = h('div.spread', h('h1', 'Endpoints'), h('a.button.primary', { href: '#/endpoints/new' }, 'New endpoint'));
  if (rows.length === 0) {
    return fill(main, header, h('div.card', empty('No endpoints yet',
      'An endpoint receives the event types it subscribes to, filtered by its rules: as signed POSTs to a URL, as e-mail, or as RabbitMQ messages.',
      h('a.button.primary', { href: '#/endpoints/new' }, 'Create your first endpoint'))));
  }
  fill(main, header, h('div.card', h('table',
    h('thead', h('tr', h('th', 'URL'), h('th', 'Event types'), h('th', 'State'), h('th', 'Queue depth'), h('th', 'Dead letters'), h('th', 'Last success'))),
    h('tbody', rows.map(row => h('tr.clickable', { dataset: { endpoint: row.endpoint.id }, on: { click: () => { location.hash = `#/endpoints/${row.endpoint.id}`; } } },
      h('td.url', row.endpoint.description ? h('div', row.endpoint.description) : null, destinationCell(row.endpoint)),
      h('td', row.endpoint.eventTypes.join(', ')),
      h('td', stateBadge(row)),
      h('td', number(row.stats.pending)),
      h('td', number(row.stats.deadLetters)),
      h('td', { title: lastSuccessTitle(row.health) }, lastSuccess(row.health))))))));
}
