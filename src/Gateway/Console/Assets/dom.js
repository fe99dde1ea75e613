// Building DOM without HTML strings: every piece of data becomes a text node, so tenant data is never parsed as markup.

/** h('tag.class', {attrs, on: {click}}, ...children) — strings and numbers become text nodes. */
export function h(spec, attrs, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

export function time(value) {
  if (!value) return '—';
  const d = new Date(value);
  return isNaN(d) ? String(value) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function relative(value) {
  if (!value) return '—';
  const seconds = Math.round((Date.now() - new Date(value).getTime()) / 1000);
  const abs = Math.abs(seconds);
  const [n, unit] = abs < 90 ? [abs, 's'] : abs < 5400 ? [Math.round(abs / 60), 'min'] : abs < 129600 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86400), 'd'];
  return seconds >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

export function number(value) {
  return (value ?? 0).toLocaleString();
}

/** A pretty-printed JSON block; the text goes in as text. */
export function json(value) {
  return h('pre.code', typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

export function badge(text, kind) {
  return h(`span.badge.${kind || 'neutral'}`, text);
}

/** An empty state: what is missing and what to do next. */
export function empty(title, hint, action) {
  return h('div.empty', h('strong', title), h('p', hint), action || null);
}

export function problemText(problem) {
  if (!problem) return 'Request failed.';
  return [problem.title, problem.detail].filter(Boolean).join(': ');
}

/** A list of a problem's field errors, each with its JSON pointer. */
export function problemBox(problem) {
  const errors = (problem && problem.errors) || [];
  return h('div.alert.error', { role: 'alert' }, h('strong', problemText(problem)),
    errors.length ? h('ul', errors.map(e => h('li', h('code', e.path || '/'), ' ', e.message))) : null);
}

export function toDateInput(d) {
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function field(label, control, hint) {
  const id = control.id || (control.id = 'f-' + Math.random().toString(36).slice(2, 9));
  return h('div.field', h('label', { for: id }, label), control, hint ? h('small.hint', hint) : null, h('div.field-error', { dataset: { for: id } }));
}
