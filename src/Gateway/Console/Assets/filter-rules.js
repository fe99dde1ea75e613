// The seed's rules as form fields over the filter language (docs/filters.md). A filter splits into the rules the
// form knows and the rest, which stays in the raw editor; saving joins them again as one object (keys are "and").

export const RULES = [
  { name: 'statuses', path: 'order.status', ops: ['in'] },
  { name: 'price', path: '$orderTotal', ops: ['gt', 'lt'] },
  { name: 'products', path: '$itemCodes', ops: ['in'] },
  { name: 'blocklist', path: '$customerEmail', ops: ['nlike'] },
  { name: 'orderCount', path: 'order.customer.orderCount', ops: ['gte', 'lte', 'eq'] },
];

/** Splits a stored filter into { rules: {name: {op, value}}, rest: object }. */
export function split(filter) {
  const rules = {};
  const rest = {};
  for (const [key, value] of Object.entries(filter || {})) {
    const rule = RULES.find(r => r.path === key);
    const ops = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
    if (rule && ops.length === 1 && rule.ops.includes(ops[0]) && shapeOk(rule, value[ops[0]])) {
      rules[rule.name] = { op: ops[0], value: value[ops[0]] };
    } else {
      rest[key] = value;
    }
  }
  return { rules, rest };
}

function shapeOk(rule, operand) {
  return ['statuses', 'products', 'blocklist'].includes(rule.name)
    ? Array.isArray(operand) && operand.every(v => typeof v === 'string')
    : typeof operand === 'number';
}

/** Joins rule values and the raw rest; returns { filter } or { error: [path, message] }. */
export function join(rules, rest) {
  const filter = {};
  for (const rule of RULES) {
    const r = rules[rule.name];
    if (r) filter[rule.path] = { [r.op]: r.value };
  }
  for (const [key, value] of Object.entries(rest || {})) {
    if (key in filter) return { error: `'${key}' is already set by a rule field above; change it there or clear that field.` };
    filter[key] = value;
  }
  return { filter: Object.keys(filter).length ? filter : null };
}

/** Which form field an API error pointer belongs to (e.g. /filter/$orderTotal/gt → price). */
export function fieldOf(pointer) {
  const parts = pointer.split('/').slice(1).map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'filter') {
    const rule = RULES.find(r => r.path === parts[1]);
    return rule ? rule.name : 'rawFilter';
  }
  if (parts[0] === 'ordering') return parts[1] === 'onExhausted' ? 'onExhausted' : parts[1] === 'key' ? 'orderKey' : 'orderMode';
  return { url: 'url', description: 'description', eventTypes: 'eventTypes', headers: 'headers', delaySeconds: 'delay', maxOrderItems: 'maxOrderItems', rateLimit: 'rateLimit' }[parts[0]] || null;
}

export function lines(text) {
  return text.split(/[\n,]/).map(s => s.trim()).filter(Boolean);
}
