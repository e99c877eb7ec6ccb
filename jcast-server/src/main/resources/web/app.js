// jcast web UI: plain JS, no build step. The API token lives in localStorage; reads need none.
const Jcast = (() => {
  const token = () => localStorage.getItem('jcastToken');

  async function api(method, path, body) {
    const headers = {'Content-Type': 'application/json'};
    if (token()) headers['Authorization'] = 'Bearer ' + token();
    const res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    if (res.status === 401) { localStorage.removeItem('jcastToken'); showAuth(); }
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(data && data.error ? data.error : res.status + ' ' + res.statusText);
    return data;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  function showAuth() {
    const box = document.getElementById('login-box');
    const auth = document.getElementById('auth');
    auth.textContent = '';
    if (token()) {
      box.hidden = true;
      auth.append('logged in ', el('button', {id: 'logout', onclick: () => {
        localStorage.removeItem('jcastToken'); showAuth();
      }}, 'Log out'));
    } else {
      box.hidden = false;
      auth.append('read-only');
    }
  }

  function setupLogin() {
    document.getElementById('login-form').addEventListener('submit', async ev => {
      ev.preventDefault();
      const err = document.getElementById('login-error');
      err.textContent = '';
      try {
        const r = await api('POST', '/api/login', {password: document.getElementById('password').value});
        localStorage.setItem('jcastToken', r.token);
        document.getElementById('password').value = '';
      } catch (e) { err.textContent = e.message; }
      showAuth();
    });
    showAuth();
  }

  const human = n => {
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : n) + ' ' + u[i];
  };
  const bar = p => {
    const fill = el('span', null);
    fill.style.width = Math.min(100, p) + '%';   // CSSOM, not a style attribute: allowed by the CSP
    return el('span', {class: 'bar', title: p + '%'}, fill);
  };

  function receiverTable(s, receivers) {
    const t = el('table', {class: 'receivers', id: 'receivers-' + s.id},
      el('tr', null, ...['Receiver', 'Host', 'State', 'Position', '%', 'Rate', 'Retransmits', 'Result']
        .map(h => el('th', null, h))));
    for (const r of receivers) {
      const total = r.bytesTotal > 0 ? r.bytesTotal : s.bytesTotal;
      const pct = total > 0 ? Math.min(100, Math.round(1000 * r.bytes / total) / 10) : 0;
      t.append(el('tr', {'data-address': r.address, class: r.lagging ? 'lagging' : ''},
        el('td', {class: 'addr'}, r.address), el('td', null, r.host || ''),
        el('td', {class: 'rstate'}, r.state), el('td', null, human(r.bytes)),
        el('td', {class: 'percent'}, pct), el('td', null, r.bytesPerSecond ? human(r.bytesPerSecond) + '/s' : ''),
        el('td', null, r.retransmitRequests),
        el('td', null, r.exitCode === null ? '' : r.exitCode + (r.message ? ' ' + r.message : ''))));
    }
    return t;
  }

  function renderSessions(items) {
    const root = document.getElementById('sessions');
    root.textContent = '';
    if (!items.length) { root.append(el('p', {class: 'muted'}, 'No sessions yet.')); return; }
    for (const {session: s, receivers} of items) {
      const joined = receivers.filter(r => ['CONNECTED', 'RECEIVING', 'COMPLETED'].includes(r.state)).length;
      const unfinished = ['QUEUED', 'WAITING', 'IN_PROGRESS'].includes(s.state);
      const actions = el('span', null);
      if (unfinished && token()) {
        if (s.state !== 'IN_PROGRESS') {
          const n = el('input', {type: 'number', min: 1, max: 1024, value: s.expectedReceivers, class: 'expected-edit',
            title: 'expected receivers'});
          actions.append(n, el('button', {class: 'set-expected', onclick: () => setExpected(s.id, n.value)},
            'Set expected'), ' ');
          actions.append(el('button', {class: 'start', onclick: () => act(s.id, 'start')}, 'Start now'), ' ');
        }
        actions.append(el('button', {class: 'cancel', onclick: () => {
          if (confirm('Cancel session ' + s.name + '?')) act(s.id, 'cancel');
        }}, 'Cancel'));
      }
      const div = el('div', {class: 'session', 'data-session': s.name, 'data-id': s.id},
        el('div', {class: 'title'},
          el('strong', null, '#' + s.id + ' ' + s.name), el('span', null, s.image),
          el('span', {class: 'state ' + s.state}, s.state.replace('_', ' ')),
          el('span', {class: 'joined'}, joined + ' / ' + s.expectedReceivers + ' receivers'),
          bar(s.percent), el('span', {class: 'percent'}, s.percent + '%'),
          el('span', null, s.portBase ? s.multicastAddress + ':' + s.portBase : ''), actions),
        el('div', {class: 'reason'}, s.stateReason || '', ' ',
          el('button', {class: 'log-toggle', onclick: () => toggleLog(s.id)},
            openLogs.has(s.id) ? 'Hide log' : 'Log')));
      if (receivers.length) div.append(receiverTable(s, receivers));
      if (openLogs.has(s.id)) div.append(el('pre', {class: 'log', id: 'log-' + s.id}, logs.get(s.id) || '…'));
      root.append(div);
    }
  }

  // Logs of the sessions whose log is open, refreshed with each live update.
  const openLogs = new Set();
  const logs = new Map();
  let lastItems = [];

  async function loadLogs() {
    for (const id of openLogs) {
      try {
        const lines = await api('GET', '/api/sessions/' + id + '/log');
        const text = lines.map(l => l.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') + '  ' + l.message);
        logs.set(id, text.join('\n'));
        const pre = document.getElementById('log-' + id);
        if (pre) pre.textContent = logs.get(id);
      } catch (e) { logs.set(id, e.message); }
    }
  }

  function toggleLog(id) {
    if (openLogs.has(id)) openLogs.delete(id); else openLogs.add(id);
    renderSessions(lastItems);
    loadLogs();
  }

  async function setExpected(id, value) {
    try { await api('PATCH', '/api/sessions/' + id, {expectedReceivers: Number(value)}); }
    catch (e) { alert(e.message); }
  }

  async function act(id, what) {
    try { await api('POST', '/api/sessions/' + id + '/' + what); } catch (e) { alert(e.message); }
  }

  function dashboard() {
    setupLogin();
    document.getElementById('create-form').addEventListener('submit', async ev => {
      ev.preventDefault();
      const v = id => document.getElementById(id).value.trim();
      const body = {name: v('name'), image: v('image'), expectedReceivers: Number(v('expected') || 1)};
      if (v('maxwait') !== '') body.maxWaitSeconds = Number(v('maxwait'));
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
    const live = document.getElementById('live');
    const events = new EventSource('/api/events');
    events.addEventListener('sessions', ev => {
      live.textContent = 'live';
      lastItems = JSON.parse(ev.data);
      renderSessions(lastItems);
      loadLogs();
    });
    events.onerror = () => { live.textContent = 'reconnecting…'; };
  }

  async function settings() {
    setupLogin();
    const form = document.getElementById('settings-form');
    const status = document.getElementById('settings-status');
    const fill = s => { for (const [k, v] of Object.entries(s)) if (form.elements[k]) form.elements[k].value = v; };
    fill(await api('GET', '/api/settings'));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const body = {};
      for (const e of form.elements) if (e.name) body[e.name] = e.value.trim();
      status.className = '';
      try { fill(await api('PUT', '/api/settings', body)); status.textContent = 'saved'; }
      catch (e) { status.className = 'error'; status.textContent = e.message; }
    });
  }

  function diagnostics() {
    setupLogin();
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
        const t = document.getElementById('diag-checks');
        t.textContent = '';
        t.append(el('tr', null, ...['Check', 'Status', 'Detail', 'Fix'].map(h => el('th', null, h))));
        for (const c of r.checks) {
          t.append(el('tr', {class: 'check ' + c.status, 'data-check': c.id},
            el('td', null, c.id + (c.peer ? ' (' + c.peer + ')' : '')), el('td', {class: 'status'}, c.status),
            el('td', null, c.detail || ''), el('td', null, c.fix || '')));
        }
      } catch (e) { status.className = 'error'; status.textContent = e.message; }
    });
  }

  return {dashboard, settings, diagnostics};
})();

// Pages name their view on <body data-page>; no inline script, so the CSP can forbid them.
({dashboard: Jcast.dashboard, settings: Jcast.settings, diagnostics: Jcast.diagnostics})[document.body.dataset.page]();
