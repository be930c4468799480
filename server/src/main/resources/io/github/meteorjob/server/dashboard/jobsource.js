// Where the dashboard's jobs come from. A meteor-job server has the job query extension
// (<root>_findJobs, <root>_countJobs, <root>.jobCounts; see docs/protocol.md): the table pages on the
// server and only the rows on screen are followed live. A server without it (job-collection itself)
// gets a fallback that mirrors every job of the collection in the browser through <root>.jobs and
// queries that mirror: correct, but only for small queues, and the page says so.

export const STATUSES = ['waiting', 'paused', 'ready', 'running', 'failed', 'cancelled', 'completed'];
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

  /** fn(counts) with counts = {'*': {status: n}, <type>: {status: n}}, now and on every change. */
  onCounts(fn, onError) {
    const name = `${this.root}.jobCounts`;
    // the first documents arrive one by one: report them once, when the subscription is ready
    let ready = false;
    const emit = () => fn(countsOf(this.ddp.collection(name)));
    const unobserve = this.ddp.observe(name, () => ready && emit());
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

function countsOf(docs) {
  const out = { '*': {} };
  for (const [id, doc] of docs) {
    const counts = {};
    for (const s of STATUSES) if (typeof doc[s] === 'number') counts[s] = doc[s];
    out[id] = counts;
  }
  return out;
}

function countsFromJobs(jobs) {
  const out = { '*': {} };
  for (const j of jobs) {
    out['*'][j.status] = (out['*'][j.status] || 0) + 1;
    const t = out[j.type] || (out[j.type] = {});
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
    && (!text || String(d._id).toLowerCase().includes(text) || String(d.type).toLowerCase().includes(text))
    && inRange(d.created, f.created) && inRange(d.updated, f.updated);
}
