import { get, query } from './api.js';
import { h, fill, number, empty, problemBox, toDateInput, field } from './dom.js';
import { activityChart, legend } from './chart.js';
import { loadEndpoints, stateBadge, lastSuccess, lastSuccessTitle } from './endpoint-health.js';
import { destinationCell } from './endpoint-destination.js';

export async function render(main, _, params) {
  const today = new Date();
  const weekAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6);
  const from = h('input', { type: 'date', value: params.get('from') || toDateInput(weekAgo), name: 'from' });
  const to = h('input', { type: 'date', value: params.get('to') || toDateInput(today), name: 'to' });
  const granularity = h('select', { name: 'granularity' }, h('option', { value: 'day' }, 'Days'), h('option', { value: 'hour' }, 'Hours'));
  granularity.value = params.get('granularity') || 'day';
  const counts = h('div.stats');
  const chart = h('div');
  const health = h('div');
  const form = h('form.row', {
    on: {
      submit: e => {
        e.preventDefault();
        location.hash = '#/overview' + query({ from: from.value, to: to.value, granularity: granularity.value });
      },
    },
  }, field('From', from), field('To (inclusive)', to), field('Bars', granularity), h('div.field', h('button.primary', { type: 'submit' }, 'Apply')));
  fill(main, h('div.spread', h('h1', 'Overview'), form), counts,
    h('div.card', h('h2', 'Activity'), chart), h('div.card', h('h2', 'Endpoint health'), health));

  const range = rangeOf(from.value, to.value);
  const [summary, activity, endpoints] = await Promise.all([
    get('/v1/stats/summary' + query(range)),
    get('/v1/stats' + query({ ...range, granularity: granularity.value })),
    loadEndpoints(),
  ]);
  if (!summary.ok) return fill(counts, problemBox(summary.problem));
  const all = summary.data.allTime, inRange = summary.data.range;
  fill(counts,
    stat('Pending', all.pending, 'waiting now (ready, scheduled, in flight)'),
    stat('Sent', all.sent, `${number(inRange.sent)} in range`),
    stat('Failed attempts', all.failedAttempts, `${number(inRange.failedAttempts)} in range`),
    stat('Dead-lettered', all.deadLettered, `${number(inRange.deadLettered)} in range`),
    stat('Filtered', all.filtered, `${number(inRange.filtered)} in range`));

  if (!activity.ok) fill(chart, problemBox(activity.problem));
  else {
    const series = activity.data.series;
    const total = series.reduce((s, b) => s + b.sent + b.failedAttempts + b.filtered, 0);
    fill(chart, activityChart(series, activity.data.granularity), legend(),
      total === 0 ? h('p.muted', 'No deliveries in this range yet. Send an event (or a test event from an endpoint) and it shows here.') : null);
  }

  if (endpoints.length === 0) {
    fill(health, empty('No endpoints yet', 'Create an endpoint to start receiving events.', h('a.button.primary', { href: '#/endpoints/new' }, 'Create an endpoint')));
  } else {
    fill(health, h('table', h('thead', h('tr', h('th', 'Endpoint'), h('th', 'State'), h('th', 'Queue'), h('th', 'Sent'), h('th', 'Last success'))),
      h('tbody', endpoints.map(row => h('tr.clickable', { on: { click: () => { location.hash = `#/endpoints/${row.endpoint.id}`; } } },
        h('td.url', row.endpoint.description ? h('div', row.endpoint.description) : null, destinationCell(row.endpoint)),
        h('td', stateBadge(row)),
        h('td', number(row.stats.pending)),
        h('td', number(row.stats.sent)),
        h('td', { title: lastSuccessTitle(row.health) }, lastSuccess(row.health)))))));
  }
}

function stat(label, value, sub) {
  return h('div.stat', h('div.label', label), h('div.value', number(value)), h('div.sub', sub));
}

/** Local calendar days to the API's half-open range. */
export function rangeOf(fromDate, toDate) {
  const parse = s => { const [y, m, d] = s.split('-').map(Number); return new Date(y, m - 1, d); };
  const out = {};
  if (fromDate) out.from = parse(fromDate).toISOString();
  if (toDate) { const t = parse(toDate); t.setDate(t.getDate() + 1); out.to = t.toISOString(); }
  return out;
}
