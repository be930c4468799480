// The job table of one collection: filter (text, status, type), sort by column, page on the server,
// select rows and act on the selection. The rows on screen follow their jobs live; new and vanished
// jobs show up when the counts change (re-queried at most every 2 s, 0.3 s for the in-browser mirror).

import { h, fill, when, statusBadge, countBadges, progressBar } from './views.js';
import { STATUSES, countsKey } from './jobsource.js';
import { ACTIONS, act } from './jobpage.js';

const PAGE = 50;
const COLUMNS = [
  ['_id', 'id'], ['type', 'type'], ['status', 'status'], ['priority', 'priority'], [null, 'progress'],
  [null, 'retried'], ['after', 'after'], ['created', 'created'], ['updated', 'updated'],
];

export class JobTable {
  constructor(el, ctx, params, counts) {
    this.el = el;
    this.ctx = ctx;
    this.f = {
      text: params.get('text') || '',
      status: params.get('status') || '',
      type: params.get('type') || '',
      sort: params.get('sort') || 'updated',
      order: params.get('order') || 'desc',
      skip: Math.max(0, Number(params.get('skip')) || 0),
    };
    this.selected = new Set();
    this.rows = new Map(); // id -> tr
    this.docs = new Map();
    this.serial = 0;
    this.lastCounts = null;
    this.skeleton();
    if (counts) this.counts(ctx.root, counts);
    this.load();
  }

  skeleton() {
    const f = this.f;
    this.countsEl = h('div', { class: 'totals', id: 'counts' });
    this.text = h('input', { id: 'filter-text', type: 'search', placeholder: 'id starts with, or type contains…', title: 'Jobs whose id starts with this text or whose type contains it (case-insensitive)', value: f.text });
    this.status = h('select', { id: 'filter-status' }, h('option', { value: '' }, 'any status'),
      STATUSES.map((s) => h('option', { value: s, selected: s === f.status }, s)));
    this.type = h('select', { id: 'filter-type' }, h('option', { value: '' }, 'any type'));
    let typing = null;
    this.text.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.change({ text: this.text.value.trim(), skip: 0 }), 300);
    });
    this.status.addEventListener('change', () => this.change({ status: this.status.value, skip: 0 }));
    this.type.addEventListener('change', () => this.change({ type: this.type.value, skip: 0 }));
    this.selectionBar = h('div', { class: 'selection', id: 'selection' });
    this.head = h('thead');
    this.body = h('tbody');
    this.table = h('table', { class: 'jobs', id: 'jobs', dataset: { state: 'loading', serial: '0' } }, this.head, this.body);
    this.pager = h('div', { class: 'pager', id: 'pager' });
    fill(this.el, h('h2', {}, this.ctx.root), this.countsEl,
      h('div', { class: 'filters' }, this.text, this.status, this.type), this.selectionBar, this.table, this.pager);
    this.renderHead();
    this.renderSelection();
  }

  renderHead() {
    const all = h('input', { type: 'checkbox', id: 'select-page', title: 'select every job on this page' });
    all.addEventListener('change', () => {
      for (const id of this.rows.keys()) {
        if (all.checked) this.selected.add(id);
        else this.selected.delete(id);
      }
      this.renderRows();
      this.renderSelection();
    });
    fill(this.head, h('tr', {}, this.manages() ? h('th', {}, all) : null, COLUMNS.map(([key, label]) => {
      if (!key) return h('th', {}, label);
      const on = this.f.sort === key;
      const th = h('th', { class: `sortable${on ? ` sorted-${this.f.order}` : ''}`, dataset: { sort: key } },
        label, on ? (this.f.order === 'asc' ? ' ▲' : ' ▼') : '');
      th.addEventListener('click', () => this.change({
        sort: key, order: on && this.f.order === 'desc' ? 'asc' : 'desc', skip: 0,
      }));
      return th;
    })));
  }

  manages() {
    return Object.keys(ACTIONS).some((a) => this.ctx.can(a));
  }

  change(patch) {
    Object.assign(this.f, patch);
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(this.f)) {
      if (v !== '' && !(k === 'skip' && v === 0) && !(k === 'sort' && v === 'updated') && !(k === 'order' && v === 'desc')) q.set(k, v);
    }
    // the address keeps the view (reload, back button) without rebuilding the page
    history.replaceState(null, '', `#/c/${encodeURIComponent(this.ctx.root)}/${q}`);
    this.renderHead();
    this.load();
  }

  filter() {
    const filter = {};
    if (this.f.text) filter.text = this.f.text;
    if (this.f.status) filter.status = [this.f.status];
    if (this.f.type) filter.type = [this.f.type];
    return filter;
  }

  async load() {
    const serial = ++this.serial;
    const started = performance.now();
    this.table.dataset.state = 'loading';
    let answer;
    try {
      answer = await this.ctx.source.find(this.filter(),
        { sort: this.f.sort, order: this.f.order, skip: this.f.skip, limit: PAGE });
    } catch (e) {
      if (serial === this.serial) this.ctx.showError(`Cannot list the jobs: ${e.reason || e.message}`);
      return;
    }
    if (serial !== this.serial || this.closed) return; // a newer query is on its way
    this.ctx.showError('');
    this.total = answer.total;
    this.docs = new Map(answer.jobs.map((j) => [j._id, j]));
    for (const id of Array.from(this.selected)) if (!this.docs.has(id)) this.selected.delete(id);
    if (this.unfollow) this.unfollow();
    this.unfollow = this.ctx.source.follow(Array.from(this.docs.keys()), (kind, id, doc) => {
      if (kind === 'removed') return; // the next query drops it
      this.docs.set(id, Object.assign({}, this.docs.get(id), doc));
      this.renderRow(id);
      this.renderSelection();
    });
    this.renderRows();
    this.renderPager();
    this.renderSelection();
    this.table.dataset.state = 'ready';
    this.table.dataset.serial = String(serial);
    // how long this query took to show, and when (ms since the page started loading): read by the benchmark
    this.table.dataset.ms = String(Math.round(performance.now() - started));
    this.table.dataset.at = String(Math.round(performance.now()));
    this.table.dataset.total = String(answer.total);
  }

  renderRows() {
    this.rows.clear();
    fill(this.body, this.docs.size ? null : h('tr', {}, h('td', { colspan: 10, class: 'empty' }, 'No jobs match.')));
    for (const id of this.docs.keys()) {
      const tr = h('tr');
      this.rows.set(id, tr);
      this.body.appendChild(tr);
      this.renderRow(id);
    }
  }

  renderRow(id) {
    const tr = this.rows.get(id);
    const d = this.docs.get(id);
    if (!tr || !d) return;
    const box = h('input', { type: 'checkbox', class: 'select', checked: this.selected.has(id), title: 'select' });
    box.addEventListener('change', () => {
      if (box.checked) this.selected.add(id);
      else this.selected.delete(id);
      this.renderSelection();
    });
    const link = `#/c/${encodeURIComponent(this.ctx.root)}/job/${encodeURIComponent(id)}`;
    tr.dataset.id = id;
    tr.dataset.status = d.status;
    fill(tr, this.manages() ? h('td', {}, box) : null,
      h('td', { class: 'id' }, h('a', { href: link }, id)), h('td', {}, d.type), h('td', {}, statusBadge(d.status)),
      h('td', { class: 'num' }, d.priority), h('td', {}, progressBar(d.progress)), h('td', { class: 'num' }, d.retried),
      h('td', {}, when(d.after)), h('td', {}, when(d.created)), h('td', {}, when(d.updated)));
  }

  renderPager() {
    const from = this.total ? this.f.skip + 1 : 0;
    const to = Math.min(this.total, this.f.skip + PAGE);
    const prev = h('button', { id: 'page-prev', disabled: this.f.skip === 0 }, '‹ previous');
    const next = h('button', { id: 'page-next', disabled: to >= this.total }, 'next ›');
    prev.addEventListener('click', () => this.change({ skip: Math.max(0, this.f.skip - PAGE) }));
    next.addEventListener('click', () => this.change({ skip: this.f.skip + PAGE }));
    fill(this.pager, prev, h('span', { id: 'page-info' }, `${from.toLocaleString()}–${to.toLocaleString()} of ${this.total.toLocaleString()}`), next);
  }

  renderSelection() {
    if (!this.manages()) {
      fill(this.selectionBar);
      return;
    }
    const chosen = Array.from(this.selected).map((id) => this.docs.get(id)).filter(Boolean);
    fill(this.selectionBar, h('span', { id: 'selected-count' }, `${chosen.length} selected`),
      Object.entries(ACTIONS).filter(([name]) => this.ctx.can(name)).map(([name, a]) => {
        const ids = chosen.filter((d) => a.when.includes(d.status)).map((d) => d._id);
        const b = h('button', { class: `action action-${name}`, dataset: { action: name }, disabled: ids.length === 0 },
          `${a.label}${ids.length ? ` (${ids.length})` : ''}`);
        b.addEventListener('click', () => act(this.ctx, name, ids).then(() => this.load()));
        return b;
      }));
  }

  counts(root, counts) {
    if (root !== this.ctx.root) return;
    fill(this.countsEl, countBadges(counts.all, (s) => `#/c/${encodeURIComponent(root)}/status=${s}`));
    const types = Array.from(counts.types.keys()).sort();
    const have = Array.from(this.type.options).map((o) => o.value);
    if (types.join() !== have.slice(1).join() || (this.f.type && !types.includes(this.f.type))) {
      const all = this.f.type && !types.includes(this.f.type) ? [...types, this.f.type] : types;
      fill(this.type, h('option', { value: '' }, 'any type'),
        all.map((t) => h('option', { value: t, selected: t === this.f.type }, t)));
    }
    // new or vanished jobs may belong on this page: query again, but not more often than this
    const first = this.lastCounts === null;
    const same = countsKey(counts) === this.lastCounts;
    this.lastCounts = countsKey(counts);
    if (first || same || this.reloading) return;
    this.reloading = setTimeout(() => {
      this.reloading = null;
      if (!this.closed) this.load();
    }, this.ctx.source.notice ? 300 : 2000);
  }

  close() {
    this.closed = true;
    clearTimeout(this.reloading);
    if (this.unfollow) this.unfollow();
  }
}
