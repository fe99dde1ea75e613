import { get, path } from './api.js';
import { h, fill, json, problemBox } from './dom.js';

export async function render(main) {
  const catalog = await get('/v1/event-types');
  if (!catalog.ok) return fill(main, h('h1', 'Event catalog'), problemBox(catalog.problem));
  const types = catalog.data.data;
  const detail = h('div');
  const list = h('div.card', h('table', h('tbody', types.map(t => h('tr.clickable', { on: { click: () => show(t) } },
    h('td', h('code', t.name)), h('td.nowrap', t.builtIn ? 'built-in' : 'custom'), h('td.muted', firstSentence(t.description)))))));
  fill(main, h('h1', 'Event catalog'), h('p.muted', 'Every event type this tenant can send and subscribe to, with its schema and an example body.'), list, detail);

  async function show(type) {
    const example = await get(path`/v1/event-types/${type.name}/example`);
    fill(detail, h('div.card', { dataset: { type: type.name } },
      h('h2', type.name), type.description ? h('p', type.description) : null,
      h('div.grid2',
        h('div', h('h3', 'Fields'), tree(type.schema, type.schema, 0)),
        h('div', h('h3', 'Example body'), example.ok ? json(example.data) : problemBox(example.problem)))));
    detail.scrollIntoView({ behavior: 'smooth' });
  }
  if (types.length) await show(types[0]);
}

function firstSentence(text) {
  if (!text) return '';
  const i = text.indexOf('. ');
  return i > 0 ? text.slice(0, i + 1) : text;
}

function resolve(root, schema) {
  let s = schema;
  for (let i = 0; s && s.$ref && i < 10; i++) {
    s = s.$ref.slice(2).split('/').reduce((node, part) => node && node[part], root);
  }
  return s || {};
}

function typeLabel(root, schema) {
  const s = resolve(root, schema);
  if (s.const !== undefined) return `= ${JSON.stringify(s.const)}`;
  if (s.type === 'array') return `array of ${typeLabel(root, s.items || {})}`;
  const name = schema.$ref ? schema.$ref.split('/').pop() : null;
  return [name || (Array.isArray(s.type) ? s.type.join(' | ') : s.type || 'any'), s.format ? `(${s.format})` : ''].join(' ').trim();
}

function tree(root, schema, depth) {
  const s = resolve(root, schema);
  const target = s.type === 'array' ? resolve(root, s.items || {}) : s;
  const props = target.properties || {};
  const required = new Set(target.required || []);
  if (!Object.keys(props).length || depth > 5) return null;
  return h('ul.schema-tree', Object.entries(props).map(([name, child]) => h('li',
    h('span.name', name), h('span.type', typeLabel(root, child)), required.has(name) ? h('span.req', 'required') : null,
    resolve(root, child).description ? h('div.desc', resolve(root, child).description) : null,
    tree(root, child, depth + 1))));
}
