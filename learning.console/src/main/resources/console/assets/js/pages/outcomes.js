// Outcomes and events: recent resolved forecasts and the event log, each with filters.
import { get, optional } from '../api.js';
import { badge, el, errorBox, notAvailable, num, panel, pct, show, table, when } from '../ui.js';

const EVENT_TYPES = ['forecast.v1', 'forecast.outcome.v1', 'learning.outcome.v1', 'attribution.outcome.v1',
  'attribution.signal_accepted.v1', 'learning.weight_adjustment.v1', 'learning.report.v1', 'meta.mode_changed.v1',
  'corpus.skill_lifecycle.v1', 'system.audit.v1', 'ledger.position_opened.v1', 'ledger.position_closed.v1',
  'ledger.conviction.v1', 'ledger.producer_health.v1', 'ledger.price_bars.v1'];

export async function render(content) {
  const outcomes = el('div');
  const events = el('div');
  show(content, panel('Resolved forecasts', outcomesForm(outcomes), outcomes), panel('Event log', eventsForm(events), events));
  await Promise.all([loadOutcomes(outcomes, {}), loadEvents(events, {})]);
}

function field(id, label, input) {
  input.id = id;
  return el('span', { class: 'field' }, el('label', { for: id }, label), input);
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  }
  const text = q.toString();
  return text ? '?' + text : '';
}

/** A datetime-local value (browser local time) as an ISO-8601 UTC instant. */
function instant(local) {
  return local ? new Date(local).toISOString().replace(/\.\d+Z$/, 'Z') : '';
}

function outcomesForm(target) {
  const form = el('form', { class: 'filters', id: 'outcome-filters' },
    field('outcome-producer', 'Producer', el('input', { type: 'text', size: 14 })),
    field('outcome-asset', 'Asset', el('input', { type: 'text', size: 8 })),
    field('outcome-horizon', 'Horizon', el('select', {}, ['', '1h', '4h', '24h', '1w'].map((h) => el('option', { value: h }, h || 'any')))),
    field('outcome-since', 'Since', el('input', { type: 'datetime-local' })),
    field('outcome-limit', 'Rows', el('input', { type: 'number', min: 1, max: 10000, value: 100 })),
    el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    loadOutcomes(target, {
      producer_id: form.querySelector('#outcome-producer').value,
      asset: form.querySelector('#outcome-asset').value.toUpperCase(),
      horizon: form.querySelector('#outcome-horizon').value,
      since: instant(form.querySelector('#outcome-since').value),
      limit: form.querySelector('#outcome-limit').value,
    });
  });
  return form;
}

async function loadOutcomes(target, params) {
  try {
    const res = await optional('/outcomes' + query(params));
    if (res.missing) {
      show(target, notAvailable('Resolved forecasts', res.missing));
      return;
    }
    show(target, table([
      { label: 'resolved', value: (r) => when(r.resolved_at) },
      { label: 'producer', value: (r) => r.producer_id },
      { label: 'asset', value: (r) => r.asset },
      { label: 'horizon', value: (r) => r.horizon },
      { label: 'call', value: (r) => r.forecast_action },
      { label: 'conf.', class: 'num', value: (r) => num(r.forecast_confidence, 2) },
      { label: 'price then', class: 'num', value: (r) => num(r.forecast_price, 2) },
      { label: 'price after', class: 'num', value: (r) => num(r.actual_price, 2) },
      { label: 'return', class: 'num', value: (r) => r.return_actual_pct === null ? '–' : num(r.return_actual_pct, 2) + ' %' },
      { label: 'right?', value: (r) => r.direction_correct === null ? '–' : badge(r.direction_correct ? 'right' : 'wrong', r.direction_correct ? 'ok' : 'failed') },
      { label: 'Brier', class: 'num', value: (r) => num(r.brier_score, 3) },
      { label: 'regime', value: (r) => r.regime_at_forecast },
      { label: 'forecast', value: (r) => el('code', { title: r.forecast_event_id }, r.forecast_id) },
    ], res.data, { empty: 'No resolved forecast matches.', testid: 'outcomes' }));
  } catch (e) {
    show(target, errorBox(e));
  }
}

function eventsForm(target) {
  const types = el('input', { type: 'text', list: 'event-types', size: 28, placeholder: 'any type' });
  const form = el('form', { class: 'filters', id: 'event-filters' },
    field('event-type', 'Type', types),
    el('datalist', { id: 'event-types' }, EVENT_TYPES.map((t) => el('option', { value: t }))),
    field('event-since', 'Since', el('input', { type: 'datetime-local' })),
    field('event-limit', 'Rows', el('input', { type: 'number', min: 1, max: 10000, value: 100 })),
    el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    loadEvents(target, {
      type: form.querySelector('#event-type').value,
      since: instant(form.querySelector('#event-since').value),
      limit: form.querySelector('#event-limit').value,
    });
  });
  return form;
}

async function loadEvents(target, params) {
  try {
    const rows = await get('/events' + query(params));
    show(target, table([
      { label: '#', class: 'num', value: (r) => r.sequence },
      { label: 'time', value: (r) => when(r.ts) },
      { label: 'type', value: (r) => el('code', {}, r.type) },
      { label: 'source', value: (r) => r.source },
      { label: 'payload', value: (r) => payload(r.payload) },
    ], rows, { empty: 'No event matches.', testid: 'events' }));
  } catch (e) {
    show(target, errorBox(e));
  }
}

function payload(p) {
  const text = JSON.stringify(p);
  if (!text || text.length <= 90) return el('code', { class: 'payload' }, text || '');
  return el('details', {}, el('summary', {}, el('code', { class: 'payload' }, text.substring(0, 90) + '…')),
    el('pre', {}, JSON.stringify(p, null, 2)));
}
