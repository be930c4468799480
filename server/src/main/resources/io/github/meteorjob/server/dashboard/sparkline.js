// Throughput and failure-rate sparklines per job type, computed in the browser from the live job
// counts: each rise of a type's "completed" or "failed" count is credited to the 10-second bucket in
// which the page saw it. The series therefore start when the page opens (the server keeps no history).

import { ALL_TYPES } from './jobsource.js';

const SVG = 'http://www.w3.org/2000/svg';

export class Rates {
  constructor(bucketMs = 10000, buckets = 60) {
    this.bucketMs = bucketMs;
    this.buckets = buckets;
    this.last = new Map(); // type -> {completed, failed} last seen
    this.byType = new Map(); // type -> Map(bucket index -> {completed, failed})
  }

  /** Takes a snapshot of the counts ({all, types}; the totals are kept under ALL_TYPES). */
  observe(counts, now = Date.now()) {
    const bucket = Math.floor(now / this.bucketMs);
    for (const [type, c] of [[ALL_TYPES, counts.all], ...counts.types]) {
      const seen = { completed: c.completed || 0, failed: c.failed || 0 };
      const before = this.last.get(type);
      this.last.set(type, seen);
      if (!before) continue;
      // removals and restarts lower a count; only rises are finished jobs
      const done = Math.max(0, seen.completed - before.completed);
      const failed = Math.max(0, seen.failed - before.failed);
      if (!done && !failed) continue;
      let series = this.byType.get(type);
      if (!series) this.byType.set(type, (series = new Map()));
      const b = series.get(bucket) || { completed: 0, failed: 0 };
      b.completed += done;
      b.failed += failed;
      series.set(bucket, b);
      for (const k of series.keys()) if (k <= bucket - this.buckets) series.delete(k);
    }
  }

  /** {completed: [n...], failed: [n...], rate: [0..1 or null...]}, oldest bucket first, ending now. */
  series(type, now = Date.now()) {
    const last = Math.floor(now / this.bucketMs);
    const s = this.byType.get(type) || new Map();
    const completed = [];
    const failed = [];
    const rate = [];
    for (let k = last - this.buckets + 1; k <= last; k++) {
      const b = s.get(k) || { completed: 0, failed: 0 };
      completed.push(b.completed);
      failed.push(b.failed);
      const n = b.completed + b.failed;
      rate.push(n ? b.failed / n : null);
    }
    return { completed, failed, rate };
  }
}

/** An inline SVG line of the values (null = no data: a gap), scaled to max (default: the largest). */
export function sparkline(values, { width = 180, height = 28, max = null, cls = '', title = '' } = {}) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', `spark ${cls}`);
  svg.setAttribute('role', 'img');
  if (title) {
    const t = document.createElementNS(SVG, 'title');
    t.textContent = title;
    svg.appendChild(t);
  }
  const top = max ?? Math.max(1, ...values.filter((v) => v !== null));
  const step = values.length > 1 ? width / (values.length - 1) : width;
  let points = [];
  const flush = () => {
    if (points.length) {
      const line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('points', points.join(' '));
      svg.appendChild(line);
    }
    points = [];
  };
  values.forEach((v, i) => {
    if (v === null) {
      flush();
      return;
    }
    const y = height - 1 - (v / top) * (height - 2);
    points.push(`${(i * step).toFixed(1)},${y.toFixed(1)}`);
  });
  flush();
  return svg;
}
