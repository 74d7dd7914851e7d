// Small DOM helpers. Data from the API only ever becomes text (textContent), never markup.
import { canOperate } from './api.js';

/**
 * Builds an element: el('td', {class: 'num', title: 'x'}, 'text', childNode, ...).
 * Attributes starting with 'on' are event listeners; 'dataset' is an object.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.substring(2).toLowerCase(), value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A titled section. */
export function panel(title, ...children) {
  return el('section', { class: 'panel' }, title ? el('h2', {}, title) : null, ...children);
}

/** What a page shows where an endpoint is not (yet) served or its component is not running. */
export function notAvailable(what, reason) {
  return el('div', { class: 'not-available', 'data-testid': 'not-available' },
    el('strong', {}, what + ': not available. '), reason || '');
}

export function errorBox(error) {
  return el('div', { class: 'error-box', role: 'alert' }, 'Failed: ' + (error && error.message ? error.message : String(error)));
}

export function muted(text) {
  return el('p', { class: 'muted' }, text);
}

/**
 * A table. columns: [{label, value: row => text|Node, class}], rows: array.
 */
export function table(columns, rows, { empty = 'Nothing yet.', testid, compact = false } = {}) {
  if (!rows || rows.length === 0) return muted(empty);
  return el('div', { class: 'table-wrap' },
    el('table', { 'data-testid': testid, class: compact ? 'compact' : null },
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.class, scope: 'col' }, c.label)))),
      el('tbody', {}, rows.map((row) => el('tr', {}, columns.map((c) => {
        const v = c.value(row);
        return el('td', { class: c.class }, v === null || v === undefined ? '–' : v);
      }))))));
}

export function num(x, digits = 3) {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits);
}

export function pct(x, digits = 1) {
  return x === null || x === undefined ? '–' : (100 * x).toFixed(digits) + ' %';
}

/** An ISO instant as "2026-01-05 10:00:00Z". */
export function when(iso) {
  if (!iso) return '–';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A duration in seconds as "3 h 20 min". */
export function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  const abs = Math.abs(s);
  const text = abs < 90 ? abs + ' s' : abs < 5400 ? Math.round(abs / 60) + ' min'
    : abs < 172800 ? Math.round(abs / 3600) + ' h' : Math.round(abs / 86400) + ' days';
  return s >= 0 ? text + ' ago' : 'in ' + text;
}

export function badge(text, kind) {
  return el('span', { class: 'badge ' + (kind || String(text).toLowerCase()) }, text);
}

/** A horizontal bar for a value in [0, 1] (CSSOM width, allowed by the CSP). */
export function bar(fraction, label) {
  const fill = el('span', { class: 'fill' });
  fill.style.width = Math.max(0, Math.min(1, fraction || 0)) * 100 + '%';
  return el('span', { class: 'bar', title: label || '' }, fill, el('span', { class: 'bar-label' }, label || ''));
}

/** A status line under the title (success or failure of an action). */
export function status(text, kind = 'ok') {
  const line = document.getElementById('status');
  line.textContent = text;
  line.className = 'status ' + kind;
}

/**
 * Asks before a state change. Resolves to true when the operator confirms.
 * @param {string} title what is about to happen
 * @param {string|Node} detail the consequences
 * @param {string} confirmLabel the confirming button's text
 */
export function confirmAction(title, detail, confirmLabel = 'Confirm') {
  return new Promise((resolve) => {
    const dialog = el('dialog', { class: 'confirm', 'data-testid': 'confirm-dialog' });
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      el('h2', {}, title),
      el('div', {}, detail),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', id: 'confirm-cancel', onclick: () => done(false) }, 'Cancel'),
        el('button', { type: 'button', class: 'primary', id: 'confirm-ok', onclick: () => done(true) }, confirmLabel)));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/**
 * A button that changes state: shown to operators only (a viewer's page has none), asks for
 * confirmation, runs the action, reports the outcome and re-renders.
 */
export function action(label, { title, detail, confirmLabel, run, after, testid, kind = 'primary' }) {
  if (!canOperate) return null;
  return el('button', {
    type: 'button',
    class: 'action ' + kind,
    'data-testid': testid,
    onclick: async (event) => {
      const button = event.currentTarget;
      if (!(await confirmAction(title || label, detail || '', confirmLabel || label))) return;
      button.disabled = true;
      try {
        const result = await run();
        status(label + ': done.', 'ok');
        if (after) await after(result);
      } catch (e) {
        status(label + ' failed: ' + e.message, 'failed');
      } finally {
        button.disabled = false;
      }
    },
  }, label);
}

/** Replaces a container's content. */
export function show(container, ...children) {
  container.replaceChildren(...children.flat().filter((c) => c));
}

/** Renders part of a page; a failure shows in that part only. */
export async function section(container, build) {
  try {
    show(container, await build());
  } catch (e) {
    show(container, errorBox(e));
  }
}
