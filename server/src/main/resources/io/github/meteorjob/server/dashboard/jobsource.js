// Where the dashboard's jobs come from. A meteor-job server has the job query extension
// (<root>_findJobs, <root>_countJobs, <root>.jobCounts; see docs/protocol.md): the table pages on the
// server and only the rows on screen are followed live. A server without it (job-collection itself)
// gets a fallback that mirrors every job of the collection in the browser through <root>.jobs and
// queries that mirror: correct, but only for small queues, and the page says so.

export const STATUSES = ['waiting', 'paused', 'ready', 'running', 'failed', 'cancelled', 'completed'];
/** The key of the all-types totals in the dashboard's maps: no type name can equal it. */
export const ALL_TYPES = Symbol('all types');
export const NO_EXTENSION = 'this server has no job query extension (it is a meteor-job server feature; '
  + 'job-collection lacks it)';

/** Picks the source for a collection: the server's query extension when it answers, else the mirror. */
export async function openSource(ddp, root) {
  try {
    await ddp.call(`${root}_countJobs`, [{}]);
    return new ServerJobSource(ddp, root);
  } catch (e) {
    if (e.error === 404) return new MirrorJobSource(ddp, root);
    throw e;
  }
}

class ServerJobSource {
  constructor(ddp, root) {
    this.ddp = ddp;
    this.root = root;
    this.notice = null;
  }

  find(filter, page) {
    return this.ddp.call(`${this.root}_findJobs`, [filter, page]);
  }

  async get(id) {
    const answer = await this.ddp.call(`${this.root}_findJobs`, [{ ids: [id] }, { limit: 1, log: true }]);
    return answer.jobs[0] || null;
  }

  /**
   * fn(counts) with counts = {all: {status: n}, types: Map(type -> {status: n})}, now and on every change.
   * The publication sends the per-type documents to <root>.jobCounts and the totals, apart, to
   * <root>.jobTotals (document "all"), so a type named "*" or "all" is just a type.
   */
  onCounts(fn, onError) {
    const name = `${this.root}.jobCounts`;
    const totals = `${this.root}.jobTotals`;
    // the first documents arrive one by one: report them once, when the subscription is ready
    let ready = false;
    const emit = () => fn(countsOf(this.ddp.collection(totals).get('all'), this.ddp.collection(name)));
    const unobserveTypes = this.ddp.observe(name, () => ready && emit());
    const unobserveTotals = this.ddp.observe(totals, () => ready && emit());
    const unobserve = () => {
      unobserveTypes();
      unobserveTotals();
    };
    const sub = this.ddp.subscribe(name, [], onError);
    sub.ready.then(() => {
      ready = true;
      emit();
    }, () => {});
    return () => {
      unobserve();
      sub.stop();
    };
  }

  /** fn(kind, id, doc) for the jobs with these ids (documents without log). */
  follow(ids, fn, onError) {
    const name = `${this.root}.jobs`;
    const wanted = new Set(ids);
    const unobserve = this.ddp.observe(name, (kind, id, doc) => {
      if (wanted.has(id)) fn(kind, id, doc);
    });
    const sub = ids.length ? this.ddp.subscribe(name, [{ ids }], onError) : null;
    return () => {
      unobserve();
      if (sub) sub.stop();
    };
  }

  close() {}
}

class MirrorJobSource {
  constructor(ddp, root) {
    this.ddp = ddp;
    this.root = root;
    this.notice = `${NO_EXTENSION}: this page holds every job of "${root}" in the browser, which suits small queues only`;
    this.name = `${root}.jobs`;
    this.sub = ddp.subscribe(this.name, []);
  }

  async find(filter, page) {
    await this.sub.ready;
    const docs = Array.from(this.ddp.collection(this.name).values()).filter(matcher(filter || {}));
    const p = Object.assign({ sort: 'updated', order: 'desc', skip: 0, limit: 50 }, page || {});
    const key = sortKey(p.sort);
    const sign = p.order === 'asc' ? 1 : -1;
    docs.sort((a, b) => sign * (compare(key(a), key(b)) || compare(a._id, b._id)));
    return { total: docs.length, jobs: docs.slice(p.skip, p.skip + p.limit) };
  }

  async get(id) {
    try {
      return await this.ddp.call(`${this.root}_getJob`, [id, { getLog: true, getFailures: true }]);
    } catch (e) {
      // getJob is a worker method: other users see the published document, which has no log
      if (e.error === 403) return this.ddp.collection(this.name).get(id) || null;
      throw e;
    }
  }

  onCounts(fn) {
    let timer = null;
    const emit = () => {
      timer = null;
      fn(countsFromJobs(this.ddp.collection(this.name).values()));
    };
    const unobserve = this.ddp.observe(this.name, () => {
      if (!timer) timer = setTimeout(emit, 250);
    });
    this.sub.ready.then(emit, () => {});
    return () => {
      unobserve();
      clearTimeout(timer);
    };
  }

  follow(ids, fn) {
    const wanted = new Set(ids);
    return this.ddp.observe(this.name, (kind, id, doc) => {
      if (wanted.has(id)) fn(kind, id, doc);
    });
  }

  close() {
    this.sub.stop();
  }
}

/** Counts with no job: what a page shows before the first counts arrive. */
export const NO_COUNTS = Object.freeze({ all: {}, types: new Map() });

/** A string that changes when the counts change (a Map has no JSON of its own). */
export function countsKey(counts) {
  return JSON.stringify([counts.all, Array.from(counts.types).sort((a, b) => compare(a[0], b[0]))]);
}

function perStatus(doc) {
  const counts = {};
  for (const s of STATUSES) if (doc && typeof doc[s] === 'number') counts[s] = doc[s];
  return counts;
}

function countsOf(totals, docs) {
  const types = new Map();
  for (const [id, doc] of docs) types.set(id, perStatus(doc));
  return { all: perStatus(totals), types };
}

function countsFromJobs(jobs) {
  const out = { all: {}, types: new Map() };
  for (const j of jobs) {
    out.all[j.status] = (out.all[j.status] || 0) + 1;
    if (!out.types.has(j.type)) out.types.set(j.type, {});
    const t = out.types.get(j.type);
    t[j.status] = (t[j.status] || 0) + 1;
  }
  return out;
}

function millis(v) {
  return v && typeof v === 'object' && '$date' in v ? v.$date : v;
}

function sortKey(sort) {
  if (sort === 'updated' || sort === 'created' || sort === 'after') return (d) => millis(d[sort]);
  return (d) => d[sort];
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return a < b ? -1 : 1;
}

/** The extension's filter semantics (docs/protocol.md), applied in the browser. */
function matcher(f) {
  const ids = f.ids ? new Set(f.ids) : null;
  const statuses = f.status ? new Set(f.status) : null;
  const types = f.type ? new Set(f.type) : null;
  const text = f.text ? f.text.toLowerCase() : null;
  const inRange = (v, r) => {
    if (!r) return true;
    const t = millis(v);
    return (!r.from || t >= r.from.$date) && (!r.to || t < r.to.$date);
  };
  return (d) => (!ids || ids.has(d._id)) && (!statuses || statuses.has(d.status))
    && (!types || types.has(d.type))
    && (!text || String(d._id).toLowerCase().startsWith(text) || String(d.type).toLowerCase().includes(text))
    && inRange(d.created, f.created) && inRange(d.updated, f.updated);
}
