// The web console: one page, hash routes, and only the documented admin API (/api/v1/openapi.json).
// The admin token lives in this tab's sessionStorage and nowhere else; data is always written
// with textContent, never as HTML, so a chat message cannot become markup.
'use strict';

const TOKEN_KEY = 'social.adminToken';
const API = '/api/v1';
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows));
}

function badge(text, kind) { return el('span', { class: 'badge ' + (kind || '') }, text); }
function age(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? ms + ' ms' : ms < 120000 ? (ms / 1000).toFixed(1) + ' s'
    : Math.round(ms / 60000) + ' min';
}
function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }

class ApiError extends Error {
  constructor(status, body) { super((body && body.error) || ('HTTP ' + status)); this.status = status; }
}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(API + path, { method, headers, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (res.status === 401 || res.status === 403) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(json.error || 'the token was refused');
    throw new ApiError(res.status, json);
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

function setStatus(text, isError) {
  const s = $('status');
  s.textContent = text || '';
  s.className = isError ? 'status error' : 'status';
}

// ---- pages ----

async function botsPage() {
  const { bots } = await api('GET', '/bots');
  return table(['Bot', 'Connected', 'Heartbeat age', 'Degraded', 'Silent', 'Queued sends', 'Backfill',
    'Problem'], bots.map((b) => el('tr', { 'data-bot': b.self_id },
    el('td', {}, b.self_id),
    el('td', {}, badge(b.connected ? 'connected' : 'disconnected', b.connected ? 'ok' : 'bad'),
      ' ', b.roles.join(', ')),
    el('td', {}, age(b.heartbeat_age_ms)),
    el('td', {}, b.degraded ? badge('degraded', 'bad') : 'no'),
    el('td', {}, b.silent ? badge('silent', 'warn') : 'no'),
    el('td', {}, b.queued_sends),
    el('td', {}, b.backfill === null || b.backfill === undefined ? '—' : JSON.stringify(b.backfill)),
    el('td', {}, b.problem || ''))));
}

async function sessionsPage(query) {
  const q = query || '';
  const [live, stored] = await Promise.all([api('GET', '/sessions'),
    api('GET', '/conversations?query=' + encodeURIComponent(q))]);
  const liveByKey = new Map(live.sessions.map((s) => [s.key, s]));
  const rows = new Map();
  for (const c of stored.conversations) rows.set(c.key, { key: c.key, name: c.name, last: c.last_active });
  for (const s of live.sessions) {
    if (!rows.has(s.key) && (q === '' || s.key.includes(q))) rows.set(s.key, { key: s.key, last: s.last_activity });
  }
  const search = el('form', { class: 'inline', id: 'session-search', onsubmit: (e) => {
    e.preventDefault(); location.hash = '#/sessions/' + encodeURIComponent($('query').value.trim());
  } }, el('label', {}, 'Search (id, nickname, group name)',
    el('input', { id: 'query', type: 'search', value: q })), el('button', { type: 'submit' }, 'Search'));
  const body = [...rows.values()].map((r) => {
    const l = liveByKey.get(r.key);
    return el('tr', { 'data-session': r.key },
      el('td', {}, el('a', { href: '#/conversation/' + encodeURIComponent(r.key) }, r.key)),
      el('td', {}, r.name || ''),
      el('td', {}, l ? badge('live: ' + l.state, 'ok') : badge('stored')),
      el('td', {}, l ? l.buffered : '—'),
      el('td', {}, when(r.last)));
  });
  return el('div', {}, search, table(['Session', 'Name', 'State', 'Buffered', 'Last activity'], body),
    el('p', { class: 'muted' }, live.count + ' live, ' + stored.count + ' stored shown'));
}

async function conversationPage(key, before) {
  const path = '/sessions/' + encodeURIComponent(key) + '/messages?limit=50'
    + (before ? '&before=' + before : '');
  const { messages } = await api('GET', path);
  // System lines (recalls, mutes, joins, leaves) within the page's span, merged by time.
  const { notices } = before ? { notices: [] }
    : await api('GET', '/sessions/' + encodeURIComponent(key) + '/notices?limit=50');
  const since = messages.length === 50 ? messages[0].time : '';
  const lines = messages.map((m) => ({ at: m.time, m }))
    .concat(notices.filter((n) => n.line && n.time >= since).map((n) => ({ at: n.time, n })))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const newestFirst = lines.reverse();
  const selfId = key.split(':')[0];
  const rows = newestFirst.map(({ m, n }) => (n ? el('tr', { class: 'system' },
    el('td', {}, when(n.time)), el('td', {}, ''), el('td', {}, badge('system', '')),
    el('td', { class: 'content' }, '[系统] ' + n.line)) : el('tr', {
    class: m.status === 'failed' ? 'failed' : String(m.sender_id) === selfId ? 'ours' : '',
    'data-row': m.row_id },
  el('td', {}, when(m.time)),
  el('td', {}, m.sender_name || '', el('div', { class: 'muted' }, m.sender_id)),
  el('td', {}, m.status === 'failed' ? badge('failed, retcode ' + m.retcode, 'bad')
    : badge(m.status, m.status === 'sent' ? 'ok' : '')),
  el('td', { class: 'content' }, m.content))));
  const oldest = messages.length ? messages[0].row_id : null;
  const nav = el('div', { class: 'toolbar' },
    el('button', { class: 'secondary', type: 'button', disabled: !before,
      onclick: () => { location.hash = '#/conversation/' + encodeURIComponent(key); } }, 'Newest'),
    el('button', { class: 'secondary', type: 'button', id: 'older', disabled: messages.length < 50,
      onclick: () => { location.hash = '#/conversation/' + encodeURIComponent(key) + '/' + oldest; } },
    'Older'));
  return el('div', {}, sendForm(key), nav,
    messages.length ? table(['Time', 'Sender', 'Status', 'Message'], rows)
      : el('p', { class: 'muted' }, 'No stored messages.'));
}

function sendForm(key) {
  const [selfId, type, id] = key ? key.split(':') : ['', 'private', ''];
  const fixed = Boolean(key);
  return el('form', { class: 'inline', id: 'send-form', onsubmit: async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const r = await api('POST', '/send', { self_id: f.self_id.value, type: f.type.value,
        id: f.peer.value, message: f.message.value });
      setStatus('sent: message_id ' + r.message_id);
      f.message.value = '';
      // Redrawn to show the new row; the status stays, or the send would look unanswered.
      if (fixed) render(true);
    } catch (err) { setStatus('not sent: ' + err.message, true); }
  } },
  el('label', {}, 'Bot', el('input', { name: 'self_id', value: selfId, required: true, readonly: fixed })),
  el('label', {}, 'Type', el('select', { name: 'type', disabled: fixed },
    el('option', { value: 'private', selected: type === 'private' }, 'private'),
    el('option', { value: 'group', selected: type === 'group' }, 'group'))),
  el('label', {}, 'User / group id', el('input', { name: 'peer', value: id, required: true, readonly: fixed })),
  el('label', {}, 'Message (plain text)', el('textarea', { name: 'message', required: true })),
  el('button', { type: 'submit' }, 'Send'));
}

async function requestsPage() {
  const { requests } = await api('GET', '/requests');
  // On a cluster each row names its node (ids are per node): the decision goes to that node.
  const decide = async (id, decision, remark, node) => {
    try {
      const r = await api('POST', '/requests/' + id, node ? { decision, remark, node } : { decision, remark });
      setStatus('request ' + id + ' ' + r.resolution);
      render(true);
    } catch (err) { setStatus('request ' + id + ': ' + err.message, true); }
  };
  if (!requests.length) return el('p', { class: 'muted', id: 'no-requests' }, 'No held requests.');
  return table(['Id', 'Bot', 'Kind', 'User', 'Group', 'Comment', 'Received', 'Decision'],
    requests.map((r) => {
      const remark = el('input', { placeholder: 'remark (optional)', 'aria-label': 'remark' });
      return el('tr', { 'data-request': r.id },
        el('td', {}, r.id), el('td', {}, r.self_id), el('td', {}, r.kind), el('td', {}, r.user_id),
        el('td', {}, r.group_id || ''), el('td', { class: 'content' }, r.comment),
        el('td', {}, when(r.received_at)),
        el('td', {}, remark, ' ',
          el('button', { type: 'button', class: 'approve', onclick: () => decide(r.id, 'approve', remark.value, r.node) }, 'Approve'),
          ' ',
          el('button', { type: 'button', class: 'danger reject', onclick: () => decide(r.id, 'reject', remark.value, r.node) }, 'Reject')));
    }));
}

async function tasksPage() {
  const t = await api('GET', '/tasks');
  return el('div', {}, el('p', {}, t.count + ' in flight, ', t.stalled + ' stalled (older than ',
    age(t.stall_after_ms) + ')'),
  table(['Owner', 'Kind', 'Detail', 'Age', 'State'], t.tasks.map((k) => el('tr',
    { class: k.stalled ? 'stalled' : '' }, el('td', {}, k.owner), el('td', {}, k.kind),
    el('td', {}, k.detail), el('td', {}, age(k.age_ms)),
    el('td', {}, k.timed_out ? badge('timed out', 'bad') : k.stalled ? badge('stalled', 'warn')
      : badge('running', 'ok'))))));
}

async function alertsPage() {
  const a = await api('GET', '/alerts');
  const parts = [el('p', { class: 'muted' }, 'Totals since ' + when(a.since)
    + '. The alert rules read the same metrics from /metrics.')];
  for (const [group, items] of Object.entries(a.inputs)) {
    parts.push(el('h3', {}, group.replace(/_/g, ' ')));
    parts.push(items.length ? table(['Metric', 'Labels', 'Value'], items.map((i) => el('tr',
      { class: i.value > 0 ? 'stalled' : '' }, el('td', {}, i.metric),
      el('td', {}, Object.entries(i.labels).map(([k, v]) => k + '=' + v).join(', ')),
      el('td', {}, i.value === null ? '—' : i.value))))
      : el('p', { class: 'muted' }, 'nothing counted yet'));
  }
  return el('div', {}, parts);
}

// ---- routing ----

const PAGES = {
  bots: ['Bots', () => botsPage()],
  sessions: ['Sessions', (arg) => sessionsPage(arg)],
  conversation: ['Conversation', (arg, extra) => conversationPage(arg, extra)],
  requests: ['Held requests', () => requestsPage()],
  tasks: ['Tasks in flight', () => tasksPage()],
  alerts: ['Alert inputs', () => alertsPage()],
  send: ['Send a message', async () => sendForm(null)],
};

let renders = 0;

async function render(keepStatus) {
  const mine = ++renders;
  if (!sessionStorage.getItem(TOKEN_KEY)) { showLogin(); return; }
  const [, name = 'sessions', arg, extra] = location.hash.split('/').map(decodeURIComponent);
  const page = PAGES[name] || PAGES.sessions;
  $('login').hidden = true; $('nav').hidden = false; $('view').hidden = false;
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('active', a.dataset.page === name);
  }
  $('title').textContent = page[0] + (name === 'conversation' ? ' ' + arg : '');
  delete document.body.dataset.rendered;
  if (!keepStatus) setStatus('loading…');
  try {
    const content = await page[1](arg, extra);
    if (mine !== renders) return; // a newer navigation is drawing; this answer is stale
    $('content').replaceChildren(content);
    if (!keepStatus) setStatus('');
    document.body.dataset.page = name;
    // Says which navigation the page shows, so a reader (or a test) never acts on a stale one.
    document.body.dataset.rendered = location.hash;
  } catch (err) {
    if (!(err instanceof ApiError && (err.status === 401 || err.status === 403))) {
      setStatus(err.message, true);
    }
  }
}

function showLogin(error) {
  $('nav').hidden = true; $('view').hidden = true; $('login').hidden = false;
  $('login-error').textContent = error || '';
  $('token').focus();
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    try {
      await api('GET', '/bots');
      // Setting a new hash renders through hashchange; rendering here too would draw twice.
      if (!location.hash || location.hash === '#') location.hash = '#/sessions';
      else render();
    } catch (err) {
      if (!(err instanceof ApiError && (err.status === 401 || err.status === 403))) {
        showLogin(err.message);
      }
    }
  });
  $('logout').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); showLogin(); });
  window.addEventListener('hashchange', () => render());
  render();
});
