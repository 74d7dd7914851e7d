// Meta-producer: mode with a confirmed switch, activation progress, shadow record against the ensemble.
import { canOperate, optional, put } from '../api.js';
import { action, badge, el, muted, notAvailable, num, panel, section, show } from '../ui.js';

export async function render(content) {
  const status = el('div');
  const record = el('div');
  show(content, panel('Mode and activation', status), panel('Shadow track record against the ensemble', record));
  const meta = await optional('/meta');
  if (meta.missing) {
    show(status, notAvailable('Meta-producer', meta.missing));
    show(record, notAvailable('Shadow track record', meta.missing));
    return;
  }
  await section(status, () => renderStatus(meta.data, () => render(content)));
  await section(record, () => renderRecord(meta.data.shadow_record));
}

function renderStatus(m, refresh) {
  const activation = m.activation || {};
  const resolved = activation.resolved ?? 0;
  const required = activation.required ?? 500;
  const target = m.mode === 'live' ? 'shadow' : 'live';
  return el('div', {},
    el('p', { class: 'mode' }, 'Mode: ', el('span', { 'data-testid': 'meta-mode', class: 'badge ' + (m.mode === 'live' ? 'ok' : 'muted') }, m.mode),
      m.implementation ? el('span', { class: 'muted' }, ' · implementation ', m.implementation) : null),
    el('p', {}, el('label', { for: 'activation' }, 'Activation: ' + resolved + ' of ' + required + ' resolved outcomes ')),
    el('progress', { id: 'activation', max: required, value: Math.min(resolved, required) }),
    el('p', { class: 'muted' }, resolved >= required
      ? 'Enough outcomes: in live mode its forecasts are emitted as forecast.v1.'
      : 'Below the threshold it abstains (insufficient_data), whatever the mode.'),
    canOperate ? el('div', { class: 'actions' }, action('Switch to ' + target, {
      testid: 'meta-switch',
      kind: target === 'live' ? 'danger' : 'secondary',
      title: 'Switch the meta-producer to ' + target + '?',
      detail: target === 'live'
        ? 'Its forecasts will be emitted as forecast.v1 and reach the trading engine. The switch is recorded in the event log.'
        : 'Its forecasts will only be recorded as shadow forecasts.',
      confirmLabel: 'Switch to ' + target,
      run: () => put('/meta/mode', { mode: target }),
      after: refresh,
    })) : null);
}

/** The record is shown as it comes: numbers, nested objects as sub-tables. */
function renderRecord(record) {
  if (!record || Object.keys(record).length === 0) return muted('No shadow forecasts resolved yet.');
  return describe(record);
}

function describe(value) {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) {
    return value.length === 0 ? '–' : el('ul', {}, value.map((v) => el('li', {}, describe(v))));
  }
  if (typeof value === 'object') {
    return el('dl', { class: 'record' }, Object.entries(value).flatMap(([k, v]) => [el('dt', {}, k.replaceAll('_', ' ')), el('dd', {}, describe(v))]));
  }
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : num(value, 3);
  if (typeof value === 'boolean') return badge(value ? 'yes' : 'no', value ? 'ok' : 'muted');
  return String(value);
}
