// Shared by every page: the API client, a DOM helper, and the page head (nav, login, error area), built here
// once so the three pages cannot drift apart. The API token lives in localStorage; reads need none.
export const token = () => localStorage.getItem('jcastToken');

const PAGES = [['dashboard', '/', 'Sessions'], ['settings', '/settings.html', 'Settings'],
  ['diagnostics', '/diagnostics.html', 'Diagnostics']];

export async function api(method, path, body) {
  const headers = {'Content-Type': 'application/json'};
  if (token()) headers['Authorization'] = 'Bearer ' + token();
  const res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (res.status === 401) { localStorage.removeItem('jcastToken'); renderAuth(); }
  const data = parseJson(await res.text());
  if (!res.ok) throw new Error(data && data.error ? data.error : res.status + ' ' + res.statusText);
  return data;
}

// A proxy's error page is not JSON; its status line then says what went wrong.
function parseJson(text) {
  try { return text ? JSON.parse(text) : null; } catch (e) { return null; }
}

export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

// Errors go to one area at the top of the page (role="alert", so screen readers announce it); alert()
// would block the page and its live updates.
export function showError(message) {
  const area = document.getElementById('page-error');
  area.textContent = message;
  area.hidden = false;
}

export function clearError() {
  document.getElementById('page-error').hidden = true;
}

/** Puts the head every page shares before its own content: title bar with nav and login state, errors, login. */
export function renderHead(page) {
  const nav = el('nav', null, ...PAGES.flatMap(([id, href, label]) =>
    [el('a', id === page ? {href, class: 'current'} : {href}, label), ' ']),
  el('a', {href: '/api/openapi.yaml'}, 'API'));
  document.body.prepend(el('header', null, el('strong', null, 'jcast'), nav, el('span', {id: 'auth'})));
  document.querySelector('main').prepend(
    el('p', {id: 'page-error', class: 'error page-error', role: 'alert', hidden: ''}),
    el('section', {id: 'login-box', hidden: ''}, loginForm()));
  renderAuth();
}

function loginForm() {
  const password = el('input', {type: 'password', id: 'password', autocomplete: 'current-password'});
  const error = el('span', {class: 'error', id: 'login-error', role: 'alert'});
  return el('form', {id: 'login-form', onsubmit: async ev => {
    ev.preventDefault();
    error.textContent = '';
    try {
      localStorage.setItem('jcastToken', (await api('POST', '/api/login', {password: password.value})).token);
      password.value = '';
    } catch (e) { error.textContent = e.message; }
    renderAuth();
  }}, el('label', null, 'Admin password ', password), ' ', el('button', {id: 'login', type: 'submit'}, 'Log in'), ' ',
  error);
}

function logout() {
  localStorage.removeItem('jcastToken');
  renderAuth();
}

// Pages that show admin-only controls listen for "jcast-auth" rather than being re-rendered from here.
function renderAuth() {
  document.getElementById('login-box').hidden = !!token();
  document.getElementById('auth').replaceChildren(...(token()
    ? ['logged in ', el('button', {id: 'logout', onclick: logout}, 'Log out')]
    : ['read-only']));
  document.dispatchEvent(new Event('jcast-auth'));
}
