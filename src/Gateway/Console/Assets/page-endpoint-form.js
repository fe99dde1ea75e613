import { api, get, path, query, validId } from './api.js';
import { h, fill, clear, json, badge, field, problemBox, time, relative } from './dom.js';
import { split, join, fieldOf, lines } from './filter-rules.js';
import { recoverCard } from './endpoint-recover.js';
import { destinationFields, collectDestination, destinationFieldOf, previewCard, showKind } from './endpoint-destination.js';

export async function render(main, [asked]) {
  const isNew = asked === 'new';
  const id = isNew ? asked : validId('endpoint', asked);
  if (!id) return fill(main, h('div.card', h('h1', 'Endpoint not found'), h('a', { href: '#/endpoints' }, 'Back to endpoints')));
  const [catalog, loaded] = await Promise.all([get('/v1/event-types'), isNew ? null : get(path`/v1/endpoints/${id}`)]);
  if (loaded && !loaded.ok) {
    return fill(main, h('div.card', h('h1', 'Endpoint not found'), h('p', 'It may have been deleted. '), h('a', { href: '#/endpoints' }, 'Back to endpoints')));
  }
  const endpoint = loaded ? loaded.data : { eventTypes: ['order.*'], delaySeconds: 0 };
  const typeNames = catalog.ok ? catalog.data.data.map(t => t.name) : [];
  const { rules, rest } = split(endpoint.filter);
  const controls = {};
  const form = buildForm(endpoint, typeNames, rules, rest, controls, (name, message, pointer) => showError(form, controls, name, message, pointer));
  const status = h('div');

  // An error stays beside its field until that field is edited.
  form.addEventListener('input', e => {
    const box = e.target.closest('.field.invalid');
    if (box) {
      box.classList.remove('invalid');
      for (const slot of box.querySelectorAll('.field-error')) slot.textContent = '';
    }
  });

  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(form);
    clear(status);
    const body = collect(controls, isNew);
    if (body.error) {
      showError(form, controls, body.error[0], body.error[1]);
      fill(status, h('div.alert.error', { role: 'alert' }, 'Fix the marked fields.'));
      return;
    }
    const saveButton = form.querySelector('button[type=submit]');
    saveButton.disabled = true;
    const result = isNew ? await api('POST', '/v1/endpoints', body.value) : await api('PATCH', path`/v1/endpoints/${id}`, body.value);
    saveButton.disabled = false;
    if (!result.ok) {
      for (const error of result.problem?.errors || []) showError(form, controls, fieldOf(error.path) || destinationFieldOf(error.path), error.message, error.path);
      fill(status, problemBox(result.problem));
      return;
    }
    if (isNew) {
      sessionStorage.setItem('console.notice', result.data.kind === 'email' ? 'Endpoint created. Preview its e-mail in the form, or send a test below.'
        : 'Endpoint created. Its signing secret is below: reveal it to configure your receiver.');
      location.hash = `#/endpoints/${result.data.id}`;
    } else {
      fill(status, h('div.alert.ok', { role: 'status' }, `Saved at ${time(new Date())}.`));
    }
  });

  const notice = sessionStorage.getItem('console.notice');
  sessionStorage.removeItem('console.notice');
  fill(main,
    h('div.spread', h('h1', isNew ? 'New endpoint' : 'Endpoint'), h('a', { href: '#/endpoints' }, '← All endpoints')),
    notice ? h('div.alert.ok', notice) : null,
    isNew ? null : await stateCard(endpoint),
    h('div.card', form, status),
    isNew || endpoint.kind === 'email' ? null : secretCard(endpoint), // an e-mail is not signed
    isNew ? null : testCard(endpoint, typeNames),
    isNew ? null : recoverCard(endpoint),
    isNew ? null : dangerCard(endpoint));
}

function buildForm(endpoint, typeNames, rules, rest, c, showFieldError) {
  c.url = h('input', { type: 'url', name: 'url', value: endpoint.url || '', placeholder: 'https://example.com/webhooks', required: true });
  c.description = h('input', { type: 'text', name: 'description', value: endpoint.description || '', placeholder: 'What this endpoint is for' });
  c.scheme = h('select', { name: 'signatureScheme' }, h('option', { value: 'v1' }, 'v1: HMAC-SHA256 (whsec_ secret)'), h('option', { value: 'v1a' }, 'v1a: Ed25519 (whpk_ public key)'));
  c.scheme.value = endpoint.signatureScheme || 'v1';
  const chosen = new Set(endpoint.eventTypes || []);
  const extra = [...chosen].filter(t => !typeNames.includes(t) && t !== '*' && t !== 'order.*');
  c.eventTypes = h('div.checks', { id: 'f-eventTypes' }, ['*', 'order.*', ...typeNames, ...extra].map(t =>
    h('label', h('input', { type: 'checkbox', name: 'eventType', value: t, checked: chosen.has(t) }), t === '*' ? '* (every type)' : t)));

  c.statuses = h('input', { type: 'text', name: 'statuses', value: (rules.statuses?.value || []).join(', '), placeholder: 'Shipped, Completed' });
  c.priceOp = h('select', { name: 'priceOp' }, h('option', { value: '' }, 'Off'), h('option', { value: 'gt' }, 'above'), h('option', { value: 'lt' }, 'below'));
  c.priceOp.value = rules.price?.op || '';
  c.price = h('input', { type: 'number', name: 'price', step: 'any', min: '0', value: rules.price?.value ?? '', placeholder: '100' });
  c.products = h('textarea', { name: 'products', placeholder: 'SKU-1\nSKU-2' }, (rules.products?.value || []).join('\n'));
  c.blocklist = h('textarea', { name: 'blocklist', placeholder: 'bad@example.com\n*@spam.example' }, (rules.blocklist?.value || []).join('\n'));
  c.orderCountOp = h('select', { name: 'orderCountOp' }, h('option', { value: '' }, 'Any'), h('option', { value: 'gte' }, 'at least'), h('option', { value: 'lte' }, 'at most'), h('option', { value: 'eq' }, 'exactly'));
  c.orderCountOp.value = rules.orderCount?.op || '';
  c.orderCount = h('input', { type: 'number', name: 'orderCount', min: '0', step: '1', value: rules.orderCount?.value ?? '' });
  c.delay = h('input', { type: 'number', name: 'delaySeconds', min: '0', step: '1', value: endpoint.delaySeconds || 0 });
  c.rateLimit = h('input', { type: 'number', name: 'rateLimit', min: '1', step: '1', value: endpoint.rateLimit ?? '', placeholder: 'no limit' });
  c.rawFilter = h('textarea', { name: 'rawFilter', placeholder: '{"order.currency": "EUR"}' }, Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '');
  c.orderMode = h('select', { name: 'orderMode' }, h('option', { value: '' }, 'Any order (fastest)'), h('option', { value: 'ordered' }, 'In order, per key'));
  c.orderMode.value = endpoint.ordering ? 'ordered' : '';
  c.orderKey = h('input', { type: 'text', name: 'orderKey', value: endpoint.ordering?.key || 'objectId', placeholder: 'objectId or /order/customer/id' });
  c.onExhausted = h('select', { name: 'onExhausted' }, h('option', { value: 'skip' }, 'skip it, go on with the next'), h('option', { value: 'pause' }, 'pause the group until replayed'));
  c.onExhausted.value = endpoint.ordering?.onExhausted || 'skip';
  c.headers = h('div', { id: 'f-headers' });
  for (const [name, value] of Object.entries(endpoint.headers || {})) c.headers.append(headerRow(name, value));
  const addHeader = h('button', { type: 'button', on: { click: () => c.headers.append(headerRow('', '')) } }, 'Add header');
  const signature = field('Signature', c.scheme, 'Changing it signs with both keys during the overlap.');
  const headers = h('div', h('h3', 'Custom headers'), c.headers, h('div.field-error', { dataset: { for: 'f-headers' } }), addHeader);
  // An e-mail is not signed and carries no custom headers; a RabbitMQ message carries the signature as AMQP headers.
  c.byKind = [[signature, ['http', 'rabbitmq']], [headers, ['http']]];
  const destination = destinationFields(endpoint, c, h('div.grid2', field('URL', c.url, 'Receives a signed POST per event (Standard Webhooks headers).')));
  c.maxOrderItems = h('input', { type: 'number', name: 'maxOrderItems', min: '0', step: '1', value: endpoint.maxOrderItems ?? '', placeholder: 'all' });
  const preview = previewCard(c, typeNames, showFieldError);
  showKind(c);

  return h('form', { novalidate: true },
    h('h2', 'Destination'),
    destination,
    h('div.grid2', field('Description', c.description), signature),
    h('div.field', h('label', 'Event types'), c.eventTypes, h('div.field-error', { dataset: { for: 'f-eventTypes' } })),
    preview,
    h('h2', 'Rules'),
    h('p.muted', 'An event is sent only when every rule set here holds; the others are counted as filtered with the rule that stopped them.'),
    h('div.grid2',
      field('Order statuses', c.statuses, 'Comma-separated; empty sends any status.'),
      field('Price trigger', c.priceBox = h('div.inline', c.priceOp, c.price), 'Order total (order.total, else Σ price × quantity).')),
    h('div.grid2',
      field('Product codes', c.products, 'One per line: send only when the cart holds one of them.'),
      field('Customer blocklist', c.blocklist, 'One e-mail per line; *@domain blocks a whole domain.')),
    h('div.grid3',
      field('Order count is', c.orderCountBox = h('div.inline', c.orderCountOp, c.orderCount), "The customer's order count."),
      field('Send delay (seconds)', c.delay, '0 sends at once.'),
      field('Limit products visible', c.maxOrderItems, 'Cap the items array; empty shows all.')),
    h('h2', 'Delivery pace'),
    h('div.grid3',
      field('Rate limit (attempts per second)', c.rateLimit, 'Across every worker; empty: no limit. Up to a tenth more may go at once after a quiet spell; the rest wait in the queue without spending an attempt.')),
    h('h2', 'Delivery order'),
    h('div.grid3',
      field('Order', c.orderMode, 'In order: events with the same key value are delivered one at a time, oldest first.'),
      field('Key', c.orderKey, 'A top-level field, or a JSON pointer into the event.'),
      field('When a message uses up its retries', c.onExhausted, 'It goes to the dead letters either way.')),
    h('details', { open: Object.keys(rest).length > 0 }, h('summary', 'Raw filter (the rest of the filter language)'),
      field('Filter JSON', c.rawFilter, 'Joined with the rules above (all must hold). See docs/filters.md.')),
    headers,
    h('div.actions', h('button.primary', { type: 'submit' }, endpoint.id ? 'Save changes' : 'Create endpoint')));
}

function headerRow(name, value) {
  const row = h('div.header-row',
    h('input', { type: 'text', name: 'headerName', value: name, placeholder: 'X-Team' }),
    h('input', { type: 'text', name: 'headerValue', value, placeholder: 'value' }),
    h('button', { type: 'button', on: { click: () => row.remove() } }, 'Remove'));
  return row;
}

function collect(c, isNew) {
  const rules = {};
  const statuses = lines(c.statuses.value);
  if (statuses.length) rules.statuses = { op: 'in', value: statuses };
  if (c.priceOp.value) {
    if (c.price.value === '' || isNaN(Number(c.price.value))) return { error: ['price', 'Give the amount the order total must be above or below.'] };
    rules.price = { op: c.priceOp.value, value: Number(c.price.value) };
  }
  const products = lines(c.products.value);
  if (products.length) rules.products = { op: 'in', value: products };
  const blocked = lines(c.blocklist.value);
  if (blocked.length) rules.blocklist = { op: 'nlike', value: blocked };
  if (c.orderCountOp.value) {
    if (c.orderCount.value === '' || !Number.isInteger(Number(c.orderCount.value))) return { error: ['orderCount', 'Give a whole number of orders.'] };
    rules.orderCount = { op: c.orderCountOp.value, value: Number(c.orderCount.value) };
  }
  let rest = {};
  if (c.rawFilter.value.trim()) {
    try {
      rest = JSON.parse(c.rawFilter.value);
    } catch (e) {
      return { error: ['rawFilter', `Not valid JSON: ${e.message}`] };
    }
    if (!rest || typeof rest !== 'object' || Array.isArray(rest)) return { error: ['rawFilter', 'The raw filter must be a JSON object.'] };
  }
  const joined = join(rules, rest);
  if (joined.error) return { error: ['rawFilter', joined.error] };
  const headers = {};
  for (const row of c.headers.querySelectorAll('.header-row')) {
    const [n, v] = row.querySelectorAll('input');
    if (n.value.trim()) headers[n.value.trim()] = v.value;
  }
  const value = {
    ...collectDestination(c, isNew),
    description: c.description.value.trim() || null,
    eventTypes: [...c.eventTypes.querySelectorAll('input:checked')].map(i => i.value),
    filter: joined.filter,
    headers: Object.keys(headers).length ? headers : null,
    delaySeconds: c.delay.value === '' ? 0 : Number(c.delay.value),
    maxOrderItems: c.maxOrderItems.value === '' ? null : Number(c.maxOrderItems.value),
    signatureScheme: c.scheme.value,
    rateLimit: c.rateLimit.value.trim() === '' ? null : Number(c.rateLimit.value),
    ordering: c.orderMode.value ? { key: c.orderKey.value.trim() || 'objectId', onExhausted: c.onExhausted.value } : null,
  };
  if (!value.eventTypes.length) return { error: ['eventTypes', 'Pick at least one event type.'] };
  return { value };
}

function controlOf(controls, name) {
  return { price: controls.priceBox, orderCount: controls.orderCountBox }[name] || controls[name];
}

function showError(form, controls, name, message, pointer) {
  const control = name && controlOf(controls, name);
  const slot = control && form.querySelector(`.field-error[data-for="${control.id}"]`);
  if (!slot) return;
  slot.append(document.createTextNode((slot.textContent ? ' ' : '') + (pointer ? `${pointer}: ` : '') + message));
  slot.closest('.field')?.classList.add('invalid');
}

function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  for (const f of form.querySelectorAll('.field.invalid')) f.classList.remove('invalid');
}

async function stateCard(endpoint) {
  const health = (await get(path`/v1/endpoints/${endpoint.id}/health`)).data || {};
  const stats = (await get(path`/v1/endpoints/${endpoint.id}/stats`)).data || {};
  const toggle = h('button', {
    type: 'button', on: {
      click: async () => {
        const result = await api('PATCH', path`/v1/endpoints/${endpoint.id}`, { disabled: !endpoint.disabled });
        if (result.ok) window.dispatchEvent(new HashChangeEvent('hashchange'));
      },
    },
  }, endpoint.disabled ? 'Enable' : 'Disable');
  return h('div.card', h('div.spread', h('h2', 'State'), toggle), h('dl.kv',
    h('dt', 'ID'), h('dd', h('code', endpoint.id)),
    h('dt', 'State'), h('dd', endpoint.disabled ? [badge('disabled', 'bad'), ' ', endpoint.disabledReason || '', endpoint.disabledAt ? ` (${time(endpoint.disabledAt)})` : ''] : badge('enabled', 'ok'),
      health.breakerOpen ? [' ', badge('breaker open', 'warn')] : null, health.failingSince ? [' ', badge(`failing since ${relative(health.failingSince)}`, 'warn')] : null),
    h('dt', 'Last success'), h('dd', health.lastSuccessAt ? time(health.lastSuccessAt) : 'never'),
    h('dt', 'Queue'), h('dd', `${stats.pending ?? 0} pending (${stats.ready ?? 0} ready, ${stats.scheduled ?? 0} scheduled, ${stats.inFlight ?? 0} in flight)`),
    h('dt', 'All time'), h('dd', `${stats.sent ?? 0} sent · ${stats.failedAttempts ?? 0} failed attempts · ${stats.deadLettered ?? 0} dead-lettered · ${stats.filtered ?? 0} filtered`),
    h('dt', 'Logs'), h('dd', h('a', { href: `#/logs?endpointId=${endpoint.id}` }, 'Deliveries of this endpoint'), ' · ', h('a', { href: `#/dead-letters?endpointId=${endpoint.id}` }, 'Dead letters'))));
}

function secretCard(endpoint) {
  // A v1a endpoint's public key is no secret (and its private key never leaves the gateway): shown as it is.
  const v1a = endpoint.signatureScheme === 'v1a';
  if (v1a) return publicKeyCard(endpoint);
  const shown = h('span.secret', '••••••••••••••••••••••••');
  const overlap = h('div');
  let revealed = false;
  const reveal = h('button', {
    type: 'button', on: {
      click: async () => {
        if (revealed) { shown.textContent = '••••••••••••••••••••••••'; reveal.textContent = 'Reveal'; revealed = false; return; }
        const result = await get(path`/v1/endpoints/${endpoint.id}/secret`);
        if (result.ok) { shown.textContent = result.data.secret; reveal.textContent = 'Hide'; revealed = true; }
      },
    },
  }, 'Reveal');
  const rotate = h('button', {
    type: 'button', on: {
      click: async () => {
        if (!confirm('Rotate the signing secret? The old one keeps signing alongside the new one during the overlap.')) return;
        const result = await api('POST', path`/v1/endpoints/${endpoint.id}/secret/rotate`, {});
        if (!result.ok) return fill(overlap, problemBox(result.problem));
        shown.textContent = result.data.secret;
        reveal.textContent = 'Hide';
        revealed = true;
        fill(overlap, h('div.alert.ok', `Rotated. Deliveries carry both signatures until ${time(result.data.previousSecretExpiresAt)}; update your receiver before then.`));
      },
    },
  }, 'Rotate');
  return h('div.card', h('h2', 'Signing secret'),
    h('div.inline', shown, h('div.actions', reveal, rotate)),
    endpoint.secretRotating ? h('p.muted', `A rotation is in progress: the previous secret also signs until ${time(endpoint.secretRotating)}.`) : null,
    overlap);
}

function publicKeyCard(endpoint) {
  const shown = h('code.public-key', endpoint.publicKey || '');
  const overlap = h('div');
  const rotate = h('button', {
    type: 'button', on: {
      click: async () => {
        if (!confirm('Rotate the Ed25519 key? The old key keeps signing alongside the new one during the overlap.')) return;
        const result = await api('POST', path`/v1/endpoints/${endpoint.id}/secret/rotate`, {});
        if (!result.ok) return fill(overlap, problemBox(result.problem));
        shown.textContent = result.data.publicKey;
        fill(overlap, h('div.alert.ok', `Rotated. Deliveries carry both v1a signatures until ${time(result.data.previousSecretExpiresAt)}; give your receiver the new public key before then.`));
      },
    },
  }, 'Rotate');
  return h('div.card', h('h2', 'Public key (v1a, Ed25519)'),
    h('p.muted', 'Receivers verify the v1a signature with this key; the private key never leaves the gateway.'),
    h('div.inline', shown, h('div.actions', rotate)),
    endpoint.secretRotating ? h('p.muted', `A rotation is in progress: the previous key also signs until ${time(endpoint.secretRotating)}.`) : null,
    overlap);
}

function matches(pattern, type) {
  return pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1)));
}

const SENT_AS = { http: "signed like any delivery", email: "rendered and mailed through the SMTP relay like any delivery", rabbitmq: "published to the exchange, signed, like any delivery" };

function testCard(endpoint, typeNames) {
  const types = typeNames.filter(t => endpoint.eventTypes.some(p => matches(p, t)));
  const select = h('select', { name: 'testType' }, types.map(t => h('option', { value: t }, t)));
  const body = h('textarea', { name: 'testPayload', rows: 12 });
  const result = h('div', { id: 'test-result' });
  const load = async () => {
    const example = await get(path`/v1/event-types/${select.value}/example`);
    body.value = example.ok ? JSON.stringify(example.data, null, 2) : '';
  };
  select.addEventListener('change', load);
  if (types.length) load();
  const send = h('button.primary', {
    type: 'button', on: {
      click: async () => {
        let payload;
        try { payload = JSON.parse(body.value); } catch (e) { return fill(result, h('div.alert.error', `The body is not valid JSON: ${e.message}`)); }
        send.disabled = true;
        const sent = await api('POST', path`/v1/endpoints/${endpoint.id}/test`, { payload });
        send.disabled = false;
        if (!sent.ok) return fill(result, problemBox(sent.problem));
        if (!sent.data.queued) {
          return fill(result, h('div.alert.error', { dataset: { outcome: 'filtered' } }, h('strong', 'Filtered: '), `the endpoint's rules rejected this event (rule: ${sent.data.filteredBy}). It is logged as filtered.`));
        }
        fill(result, h('p.muted', `Queued as ${sent.data.messageId}; waiting for the attempt…`));
        await showAttempt(endpoint, sent.data, result);
      },
    },
  }, 'Send test event');
  return h('div.card', h('h2', 'Send a test event'),
    types.length ? [h('p.muted', `Starts from the type's example; edit it freely. It goes to this endpoint only, through its rules, ${SENT_AS[endpoint.kind] || SENT_AS.http}.`),
      field('Event type', select), field('Body', body), h('div.actions', send), result]
      : h('p.muted', 'This endpoint subscribes to no known event type.'));
}

async function showAttempt(endpoint, sent, box) {
  const endpointId = endpoint.id;
  const protocol = endpoint.kind === 'email' ? 'SMTP' : 'HTTP';
  for (let i = 0; i < 60; i++) {
    const logs = await get('/v1/logs' + query({ state: 'sent,failed', endpointId, limit: 50 }));
    const attempt = logs.ok && logs.data.data.find(e => e.eventId === sent.eventId);
    if (attempt) {
      return fill(box, h(`div.alert.${attempt.state === 'sent' ? 'ok' : 'error'}`, { dataset: { outcome: attempt.state } },
        h('strong', attempt.state === 'sent' ? 'Delivered. ' : 'Attempt failed. '),
        `Attempt ${attempt.attempt}: ${attempt.statusCode ? `${protocol} ${attempt.statusCode}` : attempt.error || attempt.outcome} in ${Math.round(attempt.durationMs)} ms. `,
        h('a', { href: `#/events/${sent.eventId}` }, 'Message detail'),
        attempt.response ? json(attempt.response) : null));
    }
    await new Promise(r => setTimeout(r, 500));
  }
  fill(box, h('div.alert.error', 'No attempt yet after 30 s (a send delay, or the workers are busy). ', h('a', { href: `#/events/${sent.eventId}` }, 'Follow it in the message detail')));
}

function dangerCard(endpoint) {
  return h('div.card', h('h2', 'Delete'), h('p.muted', 'Deleting removes the endpoint, its queue and its dead letters. Its counts stay in the all-time totals.'),
    h('button.danger', {
      type: 'button', on: {
        click: async () => {
          if (!confirm(`Delete the endpoint ${endpoint.url}?`)) return;
          const result = await api('DELETE', path`/v1/endpoints/${endpoint.id}`);
          if (result.ok) location.hash = '#/endpoints';
        },
      },
    }, 'Delete endpoint'));
}
