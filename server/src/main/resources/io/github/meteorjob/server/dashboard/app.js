// The dashboard: login, the collections overview with live counts and sparklines, and the routes to
// the job table and a job's page. Everything comes over the server's own DDP WebSocket.

import { DdpClient } from './ddp.js';
import { openSource, ALL_TYPES, NO_COUNTS } from './jobsource.js';
import { h, fill, countBadges } from './views.js';
import { Rates, sparkline } from './sparkline.js';
import { JobTable } from './table.js';
import { JobPage } from './jobpage.js';

const TOKEN_KEY = 'meteorJob.dashboard.token';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const connection = document.getElementById('connection');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');
const notice = document.getElementById('notice');

const ddp = new DdpClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/websocket`);
const state = {
  user: null, // {username, levels, open}
  roots: [],
  sources: new Map(), // root -> job source
  counts: new Map(), // root -> latest counts
  rates: new Map(), // root -> Rates
  stopCounts: [],
  view: null,
};

/** What the user may do: the server refuses anything else anyway. */
export function can(action) {
  const levels = state.user ? state.user.levels : [];
  if (levels.includes('admin')) return true;
  if (action === 'rerun') return levels.includes('creator');
  return levels.includes('manager');
}

export function showError(message) {
  fill(notice, message ? h('div', { class: 'error', role: 'alert' }, message) : null);
}

// reachable from the browser console (and the browser tests): the connection, not any credential
window.meteorJobDashboard = { ddp };

ddp.onStatus((s) => {
  connection.textContent = s;
  connection.className = `conn conn-${s}`;
});
ddp.onLoggedOut = () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
};

async function start() {
  try {
    await ddp.connect();
  } catch (e) {
    fill(main, h('p', { class: 'error' }, `Cannot reach the job server: ${e.message}`));
    return;
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    try {
      const r = await ddp.loginWithToken(token);
      sessionStorage.setItem(TOKEN_KEY, r.token);
      await enter();
      return;
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  }
  // a server without users lets everyone in: no form to fill
  try {
    const me = await ddp.call('meteorJob_user', []);
    if (me && me.open) {
      await enter();
      return;
    }
  } catch (e) {
    // 403: users are configured, log in first
  }
  showLogin();
}

function showLogin(message = '') {
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' }, message);
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { id: 'login', class: 'login' },
    h('h2', {}, 'Log in'),
    h('label', {}, 'User name', username),
    h('label', {}, 'Password', password),
    h('button', { id: 'login-submit', type: 'submit' }, 'Log in'),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const r = await ddp.loginWithPassword(username.value, password.value);
      sessionStorage.setItem(TOKEN_KEY, r.token);
      password.value = '';
      await enter();
    } catch (e) {
      error.textContent = e.reason || e.message;
    }
  });
  fill(main, form);
  username.focus();
}

async function enter() {
  state.user = await ddp.call('meteorJob_user', []);
  if (!state.user) throw new Error('not logged in');
  fill(who, state.user.open ? 'open server (no users)' : `${state.user.username} (${state.user.levels.join(', ')})`);
  logoutButton.hidden = !!state.user.open;
  state.roots = await ddp.call('meteorJob_collections', []);
  const notes = [];
  for (const root of state.roots) {
    let source;
    try {
      source = await openSource(ddp, root);
    } catch (e) {
      notes.push(`${root}: cannot read its jobs: ${e.reason || e.message}`);
      continue;
    }
    state.sources.set(root, source);
    state.rates.set(root, new Rates());
    if (source.notice) notes.push(source.notice);
    state.stopCounts.push(source.onCounts((counts) => {
      state.counts.set(root, counts);
      state.rates.get(root).observe(counts);
      if (state.view && state.view.counts) state.view.counts(root, counts);
    }, (e) => showError(`${root}: live counts stopped: ${e.message}`)));
  }
  state.roots = state.roots.filter((r) => state.sources.has(r));
  fill(nav, h('a', { href: '#/' }, 'Overview'),
    state.roots.map((r) => h('a', { href: `#/c/${encodeURIComponent(r)}`, dataset: { root: r } }, r)));
  fill(notice, notes.map((n) => h('div', { class: 'notice' }, n)));
  window.addEventListener('hashchange', route);
  // the sparklines move with time even when no count changes
  setInterval(() => state.view && state.view.tick && state.view.tick(), 10000);
  route();
}

logoutButton.addEventListener('click', async () => {
  await ddp.logout();
  sessionStorage.removeItem(TOKEN_KEY);
  location.hash = '';
  location.reload();
});

function route() {
  if (state.view && state.view.close) state.view.close();
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.root === parts[1]);
  if (parts[0] === 'c' && state.sources.has(parts[1])) {
    const ctx = { ddp, root: parts[1], source: state.sources.get(parts[1]), can, showError };
    if (parts[2] === 'job' && parts[3]) state.view = new JobPage(main, ctx, parts[3]);
    else state.view = new JobTable(main, ctx, new URLSearchParams(parts.slice(2).join('/')), state.counts.get(parts[1]));
  } else {
    state.view = new Overview(main);
  }
}

/** Every collection: live counts by status, and per type the counts and the sparklines. */
class Overview {
  constructor(el) {
    this.el = el;
    this.render();
  }

  counts() {
    this.render();
  }

  tick() {
    this.render();
  }

  render() {
    fill(this.el, h('h2', {}, 'Collections'), state.roots.map((root) => {
      const counts = state.counts.get(root) || NO_COUNTS;
      const rates = state.rates.get(root);
      const types = Array.from(counts.types.keys()).sort();
      const link = (s) => `#/c/${encodeURIComponent(root)}/status=${s}`;
      return h('section', { class: 'collection', dataset: { root } },
        h('h3', {}, h('a', { href: `#/c/${encodeURIComponent(root)}` }, root)),
        h('div', { class: 'totals' }, countBadges(counts.all, link)),
        h('table', { class: 'types' },
          h('thead', {}, h('tr', {}, h('th', {}, 'type'), h('th', {}, 'jobs by status'),
            h('th', {}, 'completed / 10 s'), h('th', {}, 'failure rate'))),
          h('tbody', {}, [ALL_TYPES, ...types].map((t) => this.typeRow(root, t, t === ALL_TYPES ? counts.all : counts.types.get(t), rates)))));
    }), h('p', { class: 'hint' }, 'Sparklines: the last 10 minutes in 10-second steps, counted since this page opened.'));
  }

  typeRow(root, type, counts, rates) {
    const s = rates.series(type);
    const all = type === ALL_TYPES;
    const link = (st) => `#/c/${encodeURIComponent(root)}/${all ? '' : `type=${encodeURIComponent(type)}&`}status=${st}`;
    return h('tr', all ? { class: 'all-types' } : { dataset: { type } },
      h('td', {}, all ? 'all types' : type),
      h('td', {}, countBadges(counts, link)),
      h('td', {}, sparkline(s.completed, { cls: 'spark-done', title: `completed per 10 s, last: ${s.completed.at(-1)}` })),
      h('td', {}, sparkline(s.rate, { max: 1, cls: 'spark-fail', title: 'share of finished jobs that failed' })));
  }
}

start();
