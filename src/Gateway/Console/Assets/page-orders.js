import { api, get, path, validId } from './api.js';
import { h, fill, time, problemBox, field, badge } from './dom.js';

export async function render(main, [orderId]) {
  const input = h('input', { type: 'text', name: 'orderId', value: orderId ? safeDecode(orderId) ?? '' : '', placeholder: 'ORD-1001' });
  const form = h('form.row', { on: { submit: e => { e.preventDefault(); if (input.value.trim()) location.hash = `#/orders/${encodeURIComponent(input.value.trim())}`; } } },
    h('div.grow', field('Order id', input)), h('div.field', h('button.primary', { type: 'submit' }, 'Look up')));
  const workflowBox = h('div');
  const orderBox = h('div');
  fill(main, h('h1', 'Orders'), h('div.card', form), orderBox, workflowBox);

  const workflow = await get('/v1/order-workflow');
  if (workflow.ok) {
    const w = workflow.data;
    fill(workflowBox, h('div.card', h('h2', `Workflow: ${w.name}${w.isDefault ? ' (default)' : ''}`),
      h('p.muted', `Starts at ${w.initial}. Statuses: ${w.statuses.join(', ')}.`),
      h('table', h('thead', h('tr', h('th', 'From'), h('th', 'To'), h('th', ''))),
        h('tbody', w.transitions.map(t => h('tr', h('td', t.from), h('td', t.to), h('td', t.adminOnly ? badge('admin only', 'warn') : null)))))));
  }
  if (!orderId) {
    fill(orderBox, h('div.card', h('div.empty', h('strong', 'Look up an order'), h('p', 'Enter an order id to see its status, its history and the statuses it can move to next.'))));
    return;
  }
  const id = validId('order', safeDecode(orderId));
  if (!id) return fill(orderBox, h('div.alert.error', { role: 'alert' }, 'That is not an order id.'));
  const [order, next] = await Promise.all([get(path`/v1/orders/${id}`), get(path`/v1/orders/${id}/status/transitions`)]);
  if (!next.ok) return fill(orderBox, problemBox(next.problem));
  const status = h('div');
  const choose = h('select', { name: 'status' }, next.data.transitions.filter(t => t.allowed).map(t => h('option', { value: t.status }, t.status)));
  const message = h('input', { type: 'text', name: 'message', placeholder: 'Shown in the history and the event' });
  // The first notified change of an order needs its customer and items (API only), so a new order starts unnotified.
  const notify = h('input', { type: 'checkbox', name: 'notify', checked: next.data.exists });
  const change = h('form', {
    on: {
      submit: async e => {
        e.preventDefault();
        const result = await api('PUT', path`/v1/orders/${id}/status`, { status: choose.value, message: message.value || undefined, notify: notify.checked });
        if (!result.ok) return fill(status, problemBox(result.problem));
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      },
    },
  }, h('div.row', h('div.grow', field('Next status', choose)), h('div.grow', field('Message', message)),
    h('div.field', h('label', notify, ' Send order.statusChanged')), h('div.field', h('button.primary', { type: 'submit', disabled: !choose.options.length }, 'Change status'))));
  const history = order.ok ? order.data.history || [] : [];
  fill(orderBox, h('div.card',
    h('h2', `Order ${id}`),
    h('dl.kv', h('dt', 'Status'), h('dd', badge(next.data.status, 'info'), next.data.exists ? '' : ' (not seen yet: the workflow\'s initial status)'),
      h('dt', 'Version'), h('dd', String(next.data.version)),
      h('dt', 'Allowed next'), h('dd', next.data.transitions.length ? next.data.transitions.map(t => [badge(t.status, t.allowed ? 'ok' : 'warn'), t.allowed ? ' ' : ' (admin) ']) : 'none: a final status')),
    h('h3', 'History'),
    history.length ? h('ol.timeline', history.slice().reverse().map(entry => h('li',
      h('strong', entry.to), entry.from ? h('span.muted', ` from ${entry.from}`) : null, entry.forced ? [' ', badge('forced', 'warn')] : null,
      h('div.muted', `${time(entry.at)} · by ${entry.actor}${entry.notified === false ? ' · no event' : ''}`),
      entry.message ? h('div', entry.message) : null)))
      : h('p.muted', 'No history yet: change its status below.'),
    change, status));
}

function safeDecode(text) {
  try { return decodeURIComponent(text); } catch { return null; }
}
