// Where an endpoint sends: its kind (http, email, rabbitmq, fixed once created) and that kind's settings, each kind's
// fields shown only while it is chosen. Addresses are one per line: an address, or a JSON pointer into the event.
import { api } from './api.js';
import { h, fill, field, problemBox, badge } from './dom.js';
import { lines } from './filter-rules.js';

const KINDS = [['http', 'HTTP webhook (signed POST)'], ['email', 'E-mail (SMTP)'], ['rabbitmq', 'RabbitMQ (publish to an exchange)']];

/** The kind selector and the http, email and rabbitmq sections; the http section holds `httpFields` (URL, signature). */
export function destinationFields(endpoint, c, httpFields) {
  const email = endpoint.email || {};
  const rabbit = endpoint.rabbitmq || {};
  c.kind = h('select', { name: 'kind', disabled: !!endpoint.id }, KINDS.map(([value, label]) => h('option', { value }, label)));
  c.kind.value = endpoint.kind || 'http';
  c.emailFrom = h('input', { type: 'text', name: 'emailFrom', value: email.from || '', placeholder: 'Shop <orders@shop.example>' });
  c.emailTo = h('textarea', { name: 'emailTo', rows: 2, placeholder: '/order/customer/email' }, (email.to || []).join('\n'));
  c.emailCc = h('textarea', { name: 'emailCc', rows: 2, placeholder: 'reseller@partner.example' }, (email.cc || []).join('\n'));
  c.emailBcc = h('textarea', { name: 'emailBcc', rows: 2, placeholder: 'audit@shop.example' }, (email.bcc || []).join('\n'));
  c.emailSubject = h('input', { type: 'text', name: 'emailSubject', value: email.subject || '', placeholder: 'Order {{ order.id }} is {{ order.status }}' });
  c.emailText = h('textarea', { name: 'emailText', rows: 6, placeholder: 'Hello {{ order.customer.name }}, …' }, email.text || '');
  c.emailHtml = h('textarea', { name: 'emailHtml', rows: 6, placeholder: '<p>Hello {{ order.customer.name }}</p>' }, email.html || '');
  c.rabbitUrl = h('input', { type: 'text', name: 'rabbitUrl', value: rabbit.url || '', placeholder: 'amqps://user:password@broker.example/vhost' });
  c.rabbitExchange = h('input', { type: 'text', name: 'rabbitExchange', value: rabbit.exchange ?? '', placeholder: 'orders' });
  c.rabbitRoutingKey = h('input', { type: 'text', name: 'rabbitRoutingKey', value: rabbit.routingKey ?? '', placeholder: 'orders.{type}.{objectId}' });
  c.initialRabbit = JSON.stringify([c.rabbitUrl.value, c.rabbitExchange.value, c.rabbitRoutingKey.value]);
  const addressHint = 'One per line: an address, or a JSON pointer into the event starting with / (such as /order/customer/email).';
  c.sections = {
    http: h('div', { dataset: { kind: 'http' } }, httpFields),
    email: h('div', { dataset: { kind: 'email' } },
      h('div.grid2', field('From', c.emailFrom, 'One address or JSON pointer.'), field('To', c.emailTo, addressHint)),
      h('div.grid2', field('Cc', c.emailCc, 'Optional. ' + addressHint), field('Bcc', c.emailBcc, 'Optional; never shown in the headers.')),
      field('Subject', c.emailSubject, 'A Liquid template over the event: {{ order.id }}, {{ order.customer.name }}, {{ support }}.'),
      h('div.grid2',
        field('Text body', c.emailText, 'Liquid. With neither body, the ready-made order-status template is used.'),
        field('HTML body', c.emailHtml, 'Liquid; values are HTML-encoded.'))),
    rabbitmq: h('div', { dataset: { kind: 'rabbitmq' } },
      field('Broker URL', c.rabbitUrl, endpoint.id
        ? 'Shown without its credentials: when you change these settings, give the whole URL again with them.'
        : 'amqp(s)://[user:password@]host[:port][/vhost]; the same network rules as webhook URLs.'),
      h('div.grid2', field('Exchange', c.rabbitExchange, 'Empty: the default exchange.'), field('Routing key', c.rabbitRoutingKey, '{type} and {objectId} are replaced per event.'))),
  };
  c.kind.addEventListener('change', () => showKind(c));
  return [field('Kind', c.kind, endpoint.id ? 'Fixed once created.' : 'Every kind has the same queue, retries, dead letters and logs.'),
    c.sections.http, c.sections.email, c.sections.rabbitmq];
}

/** Shows the fields of the chosen kind: its section, the preview for e-mail, and each [element, kinds] of `c.byKind`. */
export function showKind(c) {
  const kind = c.kind.value;
  for (const [name, section] of Object.entries(c.sections)) section.hidden = name !== kind;
  for (const [element, kinds] of c.byKind || []) element.hidden = !kinds.includes(kind);
  if (c.preview) c.preview.hidden = kind !== 'email';
}

/** The e-mail settings as the API takes them. */
export function emailOf(c) {
  const value = { from: c.emailFrom.value.trim(), to: lines(c.emailTo.value), subject: c.emailSubject.value };
  if (lines(c.emailCc.value).length) value.cc = lines(c.emailCc.value);
  if (lines(c.emailBcc.value).length) value.bcc = lines(c.emailBcc.value);
  if (c.emailText.value.trim()) value.text = c.emailText.value;
  if (c.emailHtml.value.trim()) value.html = c.emailHtml.value;
  return value;
}

/** The destination part of a create or change body: url for http, email or rabbitmq for the others. */
export function collectDestination(c, isNew) {
  const kind = c.kind.value;
  if (kind === 'http') return { url: c.url.value.trim() };
  const body = isNew ? { kind } : {};
  if (kind === 'email') body.email = emailOf(c);
  // The broker URL comes back without its credentials: sent only when changed, so saving other fields keeps them.
  const rabbit = [c.rabbitUrl.value.trim(), c.rabbitExchange.value, c.rabbitRoutingKey.value];
  if (kind === 'rabbitmq' && (isNew || JSON.stringify(rabbit) !== c.initialRabbit)) {
    body.rabbitmq = { url: rabbit[0], exchange: rabbit[1], routingKey: rabbit[2] };
  }
  return body;
}

/** Which control an API error pointer into the destination settings belongs to (/email/to/0 → emailTo). */
export function destinationFieldOf(pointer) {
  const [section, name] = pointer.split('/').slice(1);
  if (section === 'kind') return 'kind';
  if (section === 'email') return { from: 'emailFrom', to: 'emailTo', cc: 'emailCc', bcc: 'emailBcc', subject: 'emailSubject', text: 'emailText', html: 'emailHtml' }[name] || 'emailTo';
  if (section === 'rabbitmq') return { url: 'rabbitUrl', exchange: 'rabbitExchange', routingKey: 'rabbitRoutingKey' }[name] || 'rabbitUrl';
  return null;
}

/**
 * The e-mail preview: the form's draft rendered by the gateway over a type's example, as a send would render it. The
 * HTML body is shown as its source, as text: the console's CSP lets no tenant markup run or style the page.
 */
export function previewCard(c, typeNames, showError) {
  c.previewType = h('select', { name: 'previewType' }, typeNames.map(t => h('option', { value: t }, t)));
  c.previewType.value = typeNames.includes('order.completed') ? 'order.completed' : typeNames[0] || '';
  const out = h('div', { id: 'email-preview' });
  const button = h('button', {
    type: 'button', on: {
      click: async () => {
        button.disabled = true;
        const maxOrderItems = c.maxOrderItems.value === '' ? null : Number(c.maxOrderItems.value);
        const result = await api('POST', '/v1/endpoints/preview', { eventType: c.previewType.value, email: emailOf(c), maxOrderItems });
        button.disabled = false;
        if (!result.ok) {
          for (const error of result.problem?.errors || []) showError(destinationFieldOf(error.path), error.message, error.path);
          return fill(out, problemBox(result.problem));
        }
        const mail = result.data;
        fill(out, h('dl.kv', { dataset: { outcome: 'rendered' } },
          h('dt', 'From'), h('dd', mail.from),
          h('dt', 'To'), h('dd', mail.to.join(', ') || '—'),
          h('dt', 'Cc'), h('dd', mail.cc.join(', ') || '—'),
          h('dt', 'Bcc'), h('dd', mail.bcc.join(', ') || '—'),
          h('dt', 'Subject'), h('dd.preview-subject', mail.subject)),
          h('h3', 'Text body'), h('pre.code.preview-text', mail.text ?? '(none)'),
          h('h3', 'HTML body (source)'), h('pre.code.preview-html', mail.html ?? '(none)'));
      },
    },
  }, 'Preview e-mail');
  c.preview = h('div', { dataset: { kind: 'email' } },
    h('h3', 'Preview'),
    h('p.muted', "Renders this form's e-mail over the type's example event, in the sandbox a send uses; nothing is sent."),
    h('div.inline', field('Example event', c.previewType), h('div.actions', button)), out);
  return c.preview;
}

/** How a list shows where an endpoint sends: its URL, recipients (mailto:) or broker, with the kind when not http. */
export function destinationCell(endpoint) {
  const kind = endpoint.kind || 'http';
  if (kind === 'http') return h('code', endpoint.url);
  const where = kind === 'rabbitmq' && endpoint.rabbitmq
    ? `${endpoint.url} → ${endpoint.rabbitmq.exchange || '(default exchange)'} / ${endpoint.rabbitmq.routingKey}`
    : endpoint.url.replace(/^mailto:/, '');
  return [badge(kind === 'email' ? 'e-mail' : 'RabbitMQ', 'neutral'), ' ', h('code', where)];
}
