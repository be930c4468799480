// One job: its state, progress, failures, dependencies, log and document, kept live; and the actions
// (job-collection's own manager methods, and jobRerun) for it and for a table selection.

import { h, fill, when, statusBadge, progressBar, pretty } from './views.js';

/**
 * The actions, their job-collection method, options (the reference client's defaults) and the
 * statuses in which job-collection applies them.
 */
export const ACTIONS = {
  pause: { label: 'Pause', method: 'jobPause', options: {}, when: ['ready', 'waiting'] },
  resume: { label: 'Resume', method: 'jobResume', options: {}, when: ['paused'] },
  // time = the end of time: ready even when its "after" (a delay, a retry wait) lies ahead; dependencies still apply
  ready: { label: 'Ready now', method: 'jobReady', options: { force: false, time: { $date: 8640000000000000 } }, when: ['waiting'] },
  cancel: { label: 'Cancel', method: 'jobCancel', options: { antecedents: true }, when: ['running', 'ready', 'waiting', 'paused'], confirm: true },
  restart: { label: 'Restart', method: 'jobRestart', options: { retries: 1, dependents: true }, when: ['cancelled', 'failed'] },
  rerun: { label: 'Rerun', method: 'jobRerun', options: { repeats: 0, wait: 0 }, when: ['completed'], single: true },
  remove: { label: 'Remove', method: 'jobRemove', options: {}, when: ['cancelled', 'completed', 'failed'], confirm: true },
};

/** Chunk size of the reference client for calls on many ids. */
const CHUNK = 256;

/** Runs an action on ids; tells the user what happened. Resolves when the server has answered. */
export async function act(ctx, name, ids) {
  const a = ACTIONS[name];
  if (!ids.length) return;
  if (a.confirm && !window.confirm(`${a.label} ${ids.length} job${ids.length > 1 ? 's' : ''}?`)) return;
  const method = `${ctx.root}_${a.method}`;
  try {
    let changed = false;
    if (a.single) {
      for (const id of ids) changed = (await ctx.ddp.call(method, [id, a.options])) !== false || changed;
    } else {
      for (let i = 0; i < ids.length; i += CHUNK) {
        changed = (await ctx.ddp.call(method, [ids.slice(i, i + CHUNK), a.options])) || changed;
      }
    }
    ctx.showError(changed ? '' : `${a.label}: no job was in a state that allows it`);
  } catch (e) {
    ctx.showError(`${a.label} failed: ${e.reason || e.message}`);
  }
}

export class JobPage {
  constructor(el, ctx, id) {
    this.el = el;
    this.ctx = ctx;
    this.id = id;
    this.unfollow = ctx.source.follow([id], () => this.refresh());
    this.refresh();
  }

  /** Fetches the whole document (with log) again; changes coming fast are folded into one fetch. */
  refresh() {
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = this.ctx.source.get(this.id).then((doc) => {
      if (!this.closed) this.render(doc);
    }, (e) => this.ctx.showError(`Cannot read job ${this.id}: ${e.reason || e.message}`)).finally(() => {
      this.fetching = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.refresh();
      }
    });
  }

  render(d) {
    const root = encodeURIComponent(this.ctx.root);
    const back = h('a', { href: `#/c/${root}`, class: 'back' }, `‹ ${this.ctx.root}`);
    if (!d) {
      fill(this.el, back, h('h2', {}, `Job ${this.id}`), h('p', { id: 'job-missing' }, 'This job does not exist (any more).'));
      return;
    }
    const jobLink = (id) => h('a', { href: `#/c/${root}/job/${encodeURIComponent(id)}` }, id);
    const actions = Object.entries(ACTIONS).filter(([name, a]) => this.ctx.can(name) && a.when.includes(d.status))
      .map(([name, a]) => {
        const b = h('button', { class: `action action-${name}`, dataset: { action: name } }, a.label);
        b.addEventListener('click', () => act(this.ctx, name, [d._id]).then(() => this.refresh()));
        return b;
      });
    const failures = d.failures || [];
    const log = d.log || [];
    const rest = Object.assign({}, d);
    delete rest.log;
    fill(this.el, back,
      h('h2', { id: 'job-title' }, `${d.type} `, h('span', { class: 'id' }, d._id), ' ', h('span', { id: 'job-status' }, statusBadge(d.status))),
      h('div', { class: 'actions', id: 'job-actions' }, actions),
      h('dl', { class: 'facts' },
        fact('progress', progressBar(d.progress)), fact('priority', d.priority),
        fact('runs', `retried ${d.retried}, ${d.retries} retries left; repeated ${d.repeated} of ${d.repeats}`),
        fact('after', when(d.after)), fact('created', when(d.created)), fact('updated', when(d.updated)),
        d.result !== undefined ? fact('result', h('pre', { id: 'job-result' }, pretty(d.result))) : null),
      h('section', { id: 'job-failures' }, h('h3', {}, `Failures (${failures.length})`),
        failures.length ? h('ol', {}, failures.map((f) => h('li', {}, h('pre', { class: 'failure' }, pretty(f))))) : h('p', {}, 'none')),
      h('section', { id: 'job-dependencies' }, h('h3', {}, 'Dependencies'),
        h('p', {}, 'waits for: ', (d.depends || []).length ? (d.depends || []).map((x) => [jobLink(x), ' ']) : 'nothing'),
        h('p', {}, 'resolved: ', (d.resolved || []).length ? (d.resolved || []).map((x) => [jobLink(x), ' ']) : 'none')),
      h('section', { id: 'job-log' }, h('h3', {}, `Log (${log.length})`),
        d.log === undefined ? h('p', {}, 'not readable with your permission levels')
          : h('table', { class: 'log' }, h('tbody', {}, log.map((l) => h('tr', { class: `level-${l.level}` },
            h('td', {}, when(l.time)), h('td', {}, l.level), h('td', {}, l.message),
            h('td', {}, l.data ? pretty(l.data) : '')))))),
      h('section', {}, h('h3', {}, 'Document'), h('pre', { id: 'job-doc' }, pretty(rest))));
  }

  close() {
    this.closed = true;
    this.unfollow();
  }
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}
