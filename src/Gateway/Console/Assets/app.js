import { api, setCsrf } from './api.js';
import { h, fill, time } from './dom.js';

const main = document.getElementById('main');
const routes = [
  [/^#\/overview$/, () => import('./page-overview.js')],
  [/^#\/endpoints$/, () => import('./page-endpoints.js')],
  [/^#\/endpoints\/(new|ep_[A-Za-z0-9]+)$/, () => import('./page-endpoint-form.js')],
  [/^#\/logs$/, () => import('./page-logs.js')],
  [/^#\/events\/(evt_[A-Za-z0-9]+)$/, () => import('./page-event.js')],
  [/^#\/dead-letters$/, () => import('./page-dead-letters.js')],
  [/^#\/catalog$/, () => import('./page-catalog.js')],
  [/^#\/orders(?:\/(.+))?$/, () => import('./page-orders.js')],
];

let session = null;

function signedOut() {
  document.getElementById('nav').hidden = true;
  fill(document.getElementById('who'));
  fill(main, h('div.card.home-card',
    h('h1', 'No console session'),
    h('p', 'Your session has ended or was revoked, or this browser never opened a console link.'),
    h('p', 'Ask for a new link with your API key, then open it:'),
    h('pre.code', 'curl -XPOST $GATEWAY/v1/console-sessions -H "Authorization: Bearer $KEY"')));
}

async function route() {
  if (!session) return;
  const hash = location.hash.split('?')[0] || '#/overview';
  const match = routes.map(([re, load]) => [hash.match(re), load]).find(([m]) => m);
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', hash.startsWith(a.getAttribute('href')) || (a.getAttribute('href') === '#/endpoints' && hash.startsWith('#/endpoints')) || (a.getAttribute('href') === '#/logs' && hash.startsWith('#/events')));
  }
  if (!match) {
    location.replace('#/overview');
    return;
  }
  const [m, load] = match;
  const page = await load();
  fill(main, h('p.muted', 'Loading…'));
  try {
    await page.render(main, m.slice(1), new URLSearchParams(location.hash.split('?')[1] || ''));
  } catch (error) {
    fill(main, h('div.alert.error', 'This page failed to load: ', String(error)));
  }
}

async function start() {
  const current = await api('GET', '/console/session');
  if (!current.ok) {
    signedOut();
    return;
  }
  session = current.data;
  setCsrf(session.csrfToken);
  const signOut = h('button.link', {
    type: 'button', on: {
      click: async () => {
        await api('DELETE', '/console/session');
        session = null;
        signedOut();
      },
    },
  }, 'Sign out');
  fill(document.getElementById('who'),
    h('span', { title: session.tenantId }, session.tenantName || session.tenantId),
    h('span.muted', ` · until ${time(session.expiresAt)} · `), signOut);
  window.addEventListener('hashchange', route);
  window.addEventListener('console:signed-out', () => { session = null; signedOut(); });
  if (!location.hash) location.replace('#/overview');
  await route();
}

start();
