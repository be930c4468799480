// DOM building blocks. Every text from the server goes in as a text node (never as HTML), so a job's
// type, data or log message cannot inject markup or script.

import { toDate } from './ddp.js';
import { STATUSES } from './jobsource.js';

/** Creates an element: h('a', {href: '#', class: 'x', onclick: fn}, 'text', child...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function when(value) {
  const d = toDate(value);
  if (!d || Number.isNaN(d.getTime())) return '';
  if (d.getTime() >= 8640000000000000 || d.getTime() >= 9007199254740000) return 'forever';
  if (d.getTime() === 0) return 'asap';
  return d.toLocaleString();
}

export function statusBadge(status) {
  return h('span', { class: `status status-${status}` }, status);
}

/** The counts of one type (or of all) as status badges with numbers, every status shown. */
export function countBadges(counts, link = null) {
  return h('span', { class: 'counts' }, STATUSES.map((s) => {
    const n = (counts && counts[s]) || 0;
    const badge = h('span', { class: `count status-${s}${n ? '' : ' zero'}`, dataset: { status: s } },
      h('span', { class: 'count-label' }, s), ' ', h('b', {}, n.toLocaleString()));
    return link ? h('a', { href: link(s), class: 'count-link' }, badge) : badge;
  }));
}

export function progressBar(progress) {
  const pct = progress && typeof progress.percent === 'number' ? Math.max(0, Math.min(100, progress.percent)) : 0;
  const bar = h('span', { class: 'bar' }, h('span', { class: 'bar-fill' }));
  // a CSP without inline styles forbids style="", but the CSSOM may still set the width
  bar.firstChild.style.width = `${pct}%`;
  return h('span', { class: 'progress', title: `${pct.toFixed(0)} %` }, bar, ` ${pct.toFixed(0)} %`);
}

/** JSON of a value, EJSON dates shown as dates. */
export function pretty(value) {
  return JSON.stringify(value, (k, v) => (v && typeof v === 'object' && typeof v.$date === 'number'
    ? `${new Date(v.$date).toISOString()}` : v), 2);
}
