// jcast web UI: plain ES modules, no build step. Pages name their view on <body data-page>; no inline
// script, so the CSP can forbid them.
import {api, clearError, el, renderHead, showError, token} from './common.js';

const UNFINISHED = ['QUEUED', 'WAITING', 'IN_PROGRESS'];
const JOINED = ['CONNECTED', 'RECEIVING', 'COMPLETED'];

// Patching writes only what differs: an untouched node keeps its focus, selection and scroll.
function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
function setAttr(node, name, value) { if (node.getAttribute(name) !== value) node.setAttribute(name, value); }
function show(node, on) { if (node.hidden === on) node.hidden = !on; }

/**
 * Keeps parent's children after `after` in the order of items, one entry ({node, ...}) per key: made once by
 * create, then patched. Entries whose key is gone are removed; a node moves only when out of place, since
 * moving it would blur an input inside it.
 */
function syncKeyed(parent, entries, items, keyOf, create, patch, after = null) {
  const keys = new Set(items.map(keyOf));
  for (const [k, e] of entries) if (!keys.has(k)) { e.node.remove(); entries.delete(k); }
  let prev = after;
  for (const item of items) {
    let e = entries.get(keyOf(item));
    if (!e) { e = create(item); entries.set(keyOf(item), e); }
    patch(e, item);
    const at = prev ? prev.nextSibling : parent.firstChild;
    if (e.node !== at) parent.insertBefore(e.node, at);
    prev = e.node;
  }
}

const human = n => {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + u[i];
};

// --- dashboard: one card per session, keyed by id ---

function newCard({session: s}) {
  const c = {id: s.id, dirty: false, log: null, table: null, rows: new Map()};
  c.name = el('strong');
  c.image = el('span');
  c.state = el('span');
  c.joined = el('span', {class: 'joined'});
  c.fill = el('span');
  c.bar = el('span', {class: 'bar'}, c.fill);
  c.percent = el('span', {class: 'percent'});
  c.where = el('span');
  c.actions = el('span', null, editControls(c), el('button', {class: 'cancel', onclick: () => {
    if (confirm('Cancel session ' + c.session.name + '?')) act(c, 'cancel');
  }}, 'Cancel'));
  c.reason = el('span');
  c.preflight = el('div', {class: 'preflight', hidden: true});
  c.logToggle = el('button', {class: 'log-toggle', onclick: () => toggleLog(c)}, 'Log');
  c.node = el('div', {class: 'session', 'data-id': s.id},
    el('div', {class: 'title'}, c.name, c.image, c.state, c.joined, c.bar, c.percent, c.where, c.actions),
    el('div', {class: 'reason'}, c.reason, ' ', c.logToggle), c.preflight);
  return c;
}

// The expected-count field is the user's while focused or edited and not yet set: live values never replace it.
function editControls(c) {
  c.expected = el('input', {type: 'number', min: 1, max: 1024, class: 'expected-edit', title: 'expected receivers',
    oninput: () => { c.dirty = true; }, onkeydown: ev => { if (ev.key === 'Enter') setExpected(c); }});
  c.editing = el('span', null, c.expected,
    el('button', {class: 'set-expected', onclick: () => setExpected(c)}, 'Set expected'), ' ',
    el('button', {class: 'start', onclick: () => act(c, 'start')}, 'Start now'), ' ');
  return c.editing;
}

function patchCard(c, {session: s, receivers, logLines}) {
  c.session = s;
  setAttr(c.node, 'data-session', s.name);
  setText(c.name, '#' + s.id + ' ' + s.name);
  setText(c.image, s.image);
  setAttr(c.state, 'class', 'state ' + s.state);
  setText(c.state, s.state.replace('_', ' '));
  setText(c.joined, receivers.filter(r => JOINED.includes(r.state)).length + ' / ' + s.expectedReceivers
    + ' receivers');
  const width = Math.min(100, s.percent) + '%';
  if (c.fill.style.width !== width) c.fill.style.width = width;   // CSSOM, not a style attribute: the CSP allows it
  setAttr(c.bar, 'title', s.percent + '%');
  setText(c.percent, s.percent + '%');
  setText(c.where, s.portBase ? s.multicastAddress + ':' + s.portBase : '');
  patchActions(c, s);
  setText(c.reason, s.stateReason || '');
  patchPreflight(c, s.preflight);
  patchReceivers(c, s, receivers);
  c.logLines = logLines;
  if (c.log && logLines > c.log.shown) refreshLog(c);
}

function patchActions(c, s) {
  const admin = UNFINISHED.includes(s.state) && !!token();
  show(c.actions, admin);
  show(c.editing, admin && s.state !== 'IN_PROGRESS');
  const live = String(s.expectedReceivers);
  if (!c.dirty && document.activeElement !== c.expected && c.expected.value !== live) c.expected.value = live;
}

// A pre-flight that found nothing stays out of the way; a warning or a failure explains a session that waits.
function patchPreflight(c, p) {
  const shown = !!p && p.status !== 'ok';
  show(c.preflight, shown);
  if (shown) {
    setAttr(c.preflight, 'class', 'preflight ' + p.status);
    setText(c.preflight, 'Pre-flight ' + p.status + ': ' + p.detail);
  }
}

function patchReceivers(c, s, receivers) {
  if (!receivers.length) {
    if (c.table) { c.table.remove(); c.table = null; c.rows.clear(); }
    return;
  }
  if (!c.table) {
    c.table = el('table', {class: 'receivers', id: 'receivers-' + s.id},
      el('tr', null, ...['Receiver', 'Host', 'State', 'Position', '%', 'Rate', 'Retransmits', 'Parts', 'Result']
        .map(h => el('th', null, h))));
    c.node.insertBefore(c.table, c.log ? c.log.node : null);
  }
  syncKeyed(c.table, c.rows, receivers, r => r.address, newReceiverRow, (row, r) => patchReceiverRow(row, r, s),
    c.table.firstChild);
}

function newReceiverRow(r) {
  const cells = ['addr', null, 'rstate', null, 'percent', null, null, 'parts', null]
    .map(cls => el('td', cls ? {class: cls} : null));
  return {cells, node: el('tr', {'data-address': r.address}, ...cells)};
}

function patchReceiverRow({node, cells}, r, s) {
  const total = r.bytesTotal > 0 ? r.bytesTotal : s.bytesTotal;
  const pct = total > 0 ? Math.min(100, Math.round(1000 * r.bytes / total) / 10) : 0;
  setAttr(node, 'class', r.lagging ? 'lagging' : '');
  [r.address, r.host || '', r.state, human(r.bytes), String(pct),
    r.bytesPerSecond ? human(r.bytesPerSecond) + '/s' : '', String(r.retransmitRequests), parts(r),
    result(r, s)].forEach((text, i) => setText(cells[i], text));
}

// Which file of the session the receiver got, and how it ended: "sda1.img ok, sda2.img dropped".
const PART_RESULTS = {COMPLETED: 'ok', DROPPED: 'dropped', DISCONNECTED: 'disconnected', MISSING: 'never came',
  REFUSED: 'refused', CONNECTED: 'joined', RECEIVING: 'receiving'};
function parts(r) {
  return (r.parts || []).map(p => p.file + ' ' + (PART_RESULTS[p.result] || p.result.toLowerCase())).join(', ');
}

// A checked-in receiver reports its exit code; of a plain udp-receiver only the sender's view is known.
const RESULTS = {COMPLETED: 'done', DROPPED: 'dropped', DISCONNECTED: 'disconnected', FAILED: 'failed',
  REFUSED: 'refused'};
function result(r, s) {
  const why = r.message ? ': ' + r.message : '';
  if (r.exitCode !== null) return 'exit ' + r.exitCode + why;
  if (RESULTS[r.state]) return RESULTS[r.state] + why;
  return !UNFINISHED.includes(s.state) && ['CHECKED_IN', 'WAITING'].includes(r.state) ? 'never connected' : '';
}

// --- session logs: fetched when opened and when the live count says new lines exist; only those are added ---

function toggleLog(c) {
  if (c.log) {
    c.log.node.remove();
    c.log = null;
  } else {
    c.log = {node: el('pre', {class: 'log', id: 'log-' + c.id}), shown: 0, busy: false};
    c.node.append(c.log.node);
    refreshLog(c);
  }
  setText(c.logToggle, c.log ? 'Hide log' : 'Log');
}

async function refreshLog(c) {
  const log = c.log;
  if (log.busy) return;   // the fetch under way looks at the count again when it is done
  log.busy = true;
  try {
    const lines = await api('GET', '/api/sessions/' + c.id + '/log');
    appendLines(log.node, lines.slice(log.shown)
      .map(l => l.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') + '  ' + l.message));
    log.shown = lines.length;
    log.busy = false;
    if (c.log === log && c.logLines > log.shown) refreshLog(c);
  } catch (e) {
    log.busy = false;
    showError('Log of session #' + c.id + ': ' + e.message);
  }
}

// Follows the end only for a reader at the end; one reading older lines keeps their place.
function appendLines(pre, lines) {
  if (!lines.length) return;
  const atEnd = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 2;
  pre.append(lines.join('\n') + '\n');
  if (atEnd) pre.scrollTop = pre.scrollHeight;
}

// --- dashboard actions; failures show in the page's error area ---

async function setExpected(c) {
  try {
    await api('PATCH', '/api/sessions/' + c.id, {expectedReceivers: Number(c.expected.value)});
    c.dirty = false;
    clearError();
  } catch (e) { showError('Session ' + c.session.name + ': ' + e.message); }
}

async function act(c, what) {
  try {
    await api('POST', '/api/sessions/' + c.id + '/' + what);
    clearError();
  } catch (e) { showError('Session ' + c.session.name + ': ' + e.message); }
}

function setupCreate() {
  document.getElementById('create-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const v = id => document.getElementById(id).value.trim();
    const body = {name: v('name'), image: v('image'), expectedReceivers: Number(v('expected') || 1)};
    if (v('maxwait') !== '') body.maxWaitSeconds = Number(v('maxwait'));
    if (v('partwait') !== '') body.partWaitSeconds = Number(v('partwait'));
    if (v('startat')) body.startAt = v('startat');
    if (v('iface')) body.interfaceName = v('iface');
    if (v('bitrate')) body.maxBitrate = v('bitrate');
    if (v('duplex')) body.duplex = v('duplex');
    if (v('fec')) body.fec = v('fec');
    const err = document.getElementById('create-error');
    err.textContent = '';
    try { await api('POST', '/api/sessions', body); document.getElementById('name').value = ''; }
    catch (e) { err.textContent = e.message; }
  });
}

function dashboard() {
  setupCreate();
  const root = document.getElementById('sessions');
  const cards = new Map();
  let items = [];
  const render = () => {
    syncKeyed(root, cards, items, i => i.session.id, newCard, patchCard);
    show(document.getElementById('no-sessions'), !items.length);
  };
  document.addEventListener('jcast-auth', render);   // admin controls come and go with the login
  const live = document.getElementById('live');
  const events = new EventSource('/api/events');
  events.addEventListener('sessions', ev => {
    live.textContent = 'live';
    items = JSON.parse(ev.data);
    render();
  });
  events.onerror = () => { live.textContent = 'reconnecting…'; };
}

// --- settings and diagnostics ---

async function settings() {
  const form = document.getElementById('settings-form');
  const status = document.getElementById('settings-status');
  const fill = s => { for (const [k, v] of Object.entries(s)) if (form.elements[k]) form.elements[k].value = v; };
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = {};
    for (const e of form.elements) if (e.name) body[e.name] = e.value.trim();
    status.className = '';
    try { fill(await api('PUT', '/api/settings', body)); status.textContent = 'saved'; }
    catch (e) { status.className = 'error'; status.textContent = e.message; }
  });
  try { fill(await api('GET', '/api/settings')); } catch (e) { showError('Settings: ' + e.message); }
}

function checkRow(c) {
  return el('tr', {class: 'check ' + c.status, 'data-check': c.id},
    el('td', null, c.id + (c.peer ? ' (' + c.peer + ')' : '')), el('td', {class: 'status'}, c.status),
    el('td', null, c.detail || ''), el('td', null, c.fix || ''));
}

function diagnostics() {
  const form = document.getElementById('diag-form');
  const status = document.getElementById('diag-status');
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = {peers: document.getElementById('diag-peers').value.split(',').map(p => p.trim()).filter(p => p)};
    const iface = document.getElementById('diag-iface').value.trim();
    if (iface) body.interfaceName = iface;
    status.className = '';
    status.textContent = 'running…';
    try {
      const r = await api('POST', '/api/diagnostics', body);
      status.textContent = '';
      document.getElementById('diag-result').hidden = false;
      document.getElementById('diag-verdict').textContent = r.verdict.text;
      document.getElementById('diag-fix').textContent = r.verdict.fix || '';
      document.getElementById('diag-checks').replaceChildren(
        el('tr', null, ...['Check', 'Status', 'Detail', 'Fix'].map(h => el('th', null, h))), ...r.checks.map(checkRow));
    } catch (e) { status.className = 'error'; status.textContent = e.message; }
  });
}

const page = document.body.dataset.page;
renderHead(page);
({dashboard, settings, diagnostics})[page]();
