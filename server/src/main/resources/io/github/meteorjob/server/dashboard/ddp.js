// A small DDP client (protocol version "1") for the dashboard: connect, login, method calls,
// subscriptions with their added/changed/removed documents, and reconnection that logs in again with
// the resume token and renews the subscriptions.

import { sha256hex } from './sha256.js';

/** A Meteor error answered by the server: error (code or name), reason, details. */
export class DdpError extends Error {
  constructor(error, reason, details) {
    super(reason ? `${reason} [${error}]` : String(error));
    this.error = error;
    this.reason = reason;
    this.details = details;
  }
}

export class DdpClient {
  /** url: ws[s]://host:port/websocket */
  constructor(url) {
    this.url = url;
    this.nextId = 1;
    this.pending = new Map(); // method id -> {resolve, reject}
    this.subs = new Map(); // sub id -> {name, params, ready, readyPromise handlers, onError}
    this.docs = new Map(); // collection -> Map(id -> doc)
    this.observers = new Map(); // collection -> Set(fn(kind, id, doc))
    this.statusListeners = new Set();
    this.resumeToken = null;
    this.status = 'connecting';
    this.closed = false;
    this.attempt = 0;
    this.firstConnect = null;
  }

  /** Opens the connection; resolves once the server answered "connected". */
  connect() {
    this.firstConnect = new Promise((resolve, reject) => {
      this._onFirst = { resolve, reject };
    });
    this._open();
    return this.firstConnect;
  }

  /** Listens to "connecting" | "connected" | "offline"; returns a function that stops listening. */
  onStatus(fn) {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  close() {
    this.closed = true;
    if (this.ws) this.ws.close();
  }

  _setStatus(status) {
    this.status = status;
    for (const fn of this.statusListeners) fn(status);
  }

  _open() {
    this._setStatus('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    ws.onmessage = (event) => this._receive(JSON.parse(event.data));
    ws.onclose = () => this._lost();
  }

  _lost() {
    // a method sent before the drop may or may not have run: say so rather than guess
    for (const [, p] of this.pending) p.reject(new DdpError('connection-lost', 'connection lost; the call may or may not have been applied'));
    this.pending.clear();
    if (this._onFirst) {
      this._onFirst.reject(new DdpError('connect-failed', `cannot connect to ${this.url}`));
      this._onFirst = null;
    }
    if (this.closed) return;
    this._setStatus('offline');
    const delay = Math.min(10000, 500 * 2 ** Math.min(this.attempt, 5));
    this.attempt++;
    setTimeout(() => this._open(), delay);
  }

  async _reconnected() {
    // the server forgot this connection: log in again, then renew every subscription; documents
    // already shown stay until the renewed subscriptions are ready
    if (this.resumeToken) {
      try {
        await this.call('login', [{ resume: this.resumeToken }]);
      } catch (e) {
        this.resumeToken = null;
        if (this.onLoggedOut) this.onLoggedOut(e);
        return;
      }
    }
    const renewing = new Map(); // collection -> ids added again since the reconnection
    this._renewing = renewing;
    for (const [id, sub] of this.subs) {
      armReady(sub);
      this._send({ msg: 'sub', id, name: sub.name, params: sub.params });
    }
    // documents that no renewed subscription added again are gone
    const renewed = Array.from(this.subs.values(), (s) => s.readyPromise);
    await Promise.allSettled(renewed);
    if (this._renewing !== renewing) return;
    this._renewing = null;
    for (const [collection, map] of this.docs) {
      const again = renewing.get(collection) || new Set();
      for (const id of Array.from(map.keys())) {
        if (!again.has(id)) {
          map.delete(id);
          this._notify(collection, 'removed', id, null);
        }
      }
    }
  }

  _send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  _receive(m) {
    switch (m.msg) {
      case 'connected': {
        const again = this.attempt > 0 || !this._onFirst;
        this.attempt = 0;
        this.connections = (this.connections || 0) + 1;
        this._setStatus('connected');
        if (this._onFirst) {
          this._onFirst.resolve();
          this._onFirst = null;
        }
        if (again) this._reconnected();
        break;
      }
      case 'failed':
        this.closed = true;
        if (this._onFirst) this._onFirst.reject(new DdpError('version-mismatch', `server wants DDP ${m.version}`));
        break;
      case 'ping':
        this._send(m.id === undefined ? { msg: 'pong' } : { msg: 'pong', id: m.id });
        break;
      case 'result': {
        const p = this.pending.get(m.id);
        if (!p) break;
        this.pending.delete(m.id);
        if (m.error) p.reject(new DdpError(m.error.error, m.error.reason, m.error.details));
        else p.resolve(m.result === undefined ? null : m.result);
        break;
      }
      case 'added': {
        const doc = Object.assign({ _id: m.id }, m.fields || {});
        this._collection(m.collection).set(m.id, doc);
        if (this._renewing) {
          if (!this._renewing.has(m.collection)) this._renewing.set(m.collection, new Set());
          this._renewing.get(m.collection).add(m.id);
        }
        this._notify(m.collection, 'added', m.id, doc);
        break;
      }
      case 'changed': {
        const map = this._collection(m.collection);
        const doc = Object.assign({}, map.get(m.id) || { _id: m.id }, m.fields || {});
        for (const f of m.cleared || []) delete doc[f];
        map.set(m.id, doc);
        this._notify(m.collection, 'changed', m.id, doc);
        break;
      }
      case 'removed':
        this._collection(m.collection).delete(m.id);
        this._notify(m.collection, 'removed', m.id, null);
        break;
      case 'ready':
        for (const id of m.subs || []) {
          const s = this.subs.get(id);
          if (s) {
            s.ready = true;
            s.resolveReady();
          }
        }
        break;
      case 'nosub': {
        const s = this.subs.get(m.id);
        if (!s) break;
        this.subs.delete(m.id);
        const err = m.error ? new DdpError(m.error.error, m.error.reason, m.error.details) : null;
        s.rejectReady(err || new DdpError('stopped', 'subscription stopped'));
        if (err && s.onError) s.onError(err);
        break;
      }
      default:
        break; // updated, error: nothing to do for a client without latency compensation
    }
  }

  _collection(name) {
    let map = this.docs.get(name);
    if (!map) {
      map = new Map();
      this.docs.set(name, map);
    }
    return map;
  }

  _notify(collection, kind, id, doc) {
    const set = this.observers.get(collection);
    if (set) for (const fn of set) fn(kind, id, doc);
  }

  /** Calls a method; resolves with its result, rejects with a DdpError. */
  call(method, params = []) {
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
        reject(new DdpError('offline', 'not connected to the server'));
        return;
      }
      this.pending.set(id, { resolve, reject });
      this._send({ msg: 'method', id, method, params });
    });
  }

  /**
   * Subscribes; returns {id, ready (a Promise), stop()}. onError is told when the server ends the
   * subscription with an error (e.g. 403 or 404 for an unknown publication).
   */
  subscribe(name, params = [], onError = null) {
    const id = 's' + this.nextId++;
    const sub = { name, params, onError };
    armReady(sub);
    this.subs.set(id, sub);
    this._send({ msg: 'sub', id, name, params });
    return {
      id,
      ready: sub.readyPromise,
      stop: () => {
        if (this.subs.delete(id)) this._send({ msg: 'unsub', id });
      },
    };
  }

  /** The documents of a DDP collection, by id (live; do not modify). */
  collection(name) {
    return this._collection(name);
  }

  /** Calls fn(kind, id, doc) on every added/changed/removed of a collection; returns a stop function. */
  observe(collection, fn) {
    let set = this.observers.get(collection);
    if (!set) {
      set = new Set();
      this.observers.set(collection, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Meteor accounts-password login: the password travels only as its SHA-256 digest. */
  async loginWithPassword(username, password) {
    const result = await this.call('login', [{
      user: { username },
      password: { digest: sha256hex(password), algorithm: 'sha-256' },
    }]);
    this.resumeToken = result.token;
    return result;
  }

  async loginWithToken(token) {
    const result = await this.call('login', [{ resume: token }]);
    this.resumeToken = result.token;
    return result;
  }

  async logout() {
    this.resumeToken = null;
    try {
      await this.call('logout', []);
    } catch (e) {
      // offline: the token is forgotten here anyway
    }
  }
}

/** Gives a subscription a fresh readiness promise (at the start and after each reconnection). */
function armReady(sub) {
  sub.ready = false;
  sub.readyPromise = new Promise((resolve, reject) => {
    sub.resolveReady = resolve;
    sub.rejectReady = reject;
  });
  sub.readyPromise.catch(() => {});
}

/** An EJSON date ({$date: ms}) or ISO string as a Date; null for anything else. */
export function toDate(value) {
  if (value && typeof value === 'object' && typeof value.$date === 'number') return new Date(value.$date);
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  return null;
}
