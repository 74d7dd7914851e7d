// Weights: live weights against the preset, their history as a chart and a table, operator
// review (approve, reject, revert to preset, choose the preset), and the challengers' proposals.
import { canOperate, del, get, post, put } from '../api.js';
import { action, badge, el, muted, num, panel, section, show, table, when } from '../ui.js';
import { timeChart } from '../charts.js';

const DOMAINS = ['curator', 'onchain', 'tradfi', 'social', 'technical', 'events'];

export async function render(content) {
  const live = el('div');
  const pending = el('div');
  const chart = el('div');
  const history = el('div');
  show(content,
    panel('Live weights', live),
    panel('Pending changes and challengers', pending),
    panel('History', chart, history));
  const refresh = () => render(content);
  let weights;
  await section(live, async () => {
    weights = await get('/weights');
    return renderLive(weights, refresh);
  });
  if (weights) {
    await section(pending, () => renderPending(weights.pending, refresh));
  } else {
    show(pending, muted('Pending changes appear with the live weights.'));
  }
  await section(history, async () => {
    const rows = await get('/weights/history?limit=2000');
    chart.replaceChildren();
    renderChart(chart, rows, weights);
    return renderHistory(rows, refresh);
  });
}

function renderLive(w, refresh) {
  const rows = DOMAINS.map((d) => ({ domain: d, live: w.weights[d], preset: w.preset_weights[d] }));
  const presetChoice = canOperate ? el('span', { class: 'inline-form' },
    el('label', { for: 'preset-select' }, 'Preset '),
    el('select', { id: 'preset-select' }, ['balanced', 'conservative', 'degen'].map((p) =>
      el('option', { value: p, selected: p === w.preset }, p))),
    action('Use preset', {
      testid: 'use-preset',
      kind: 'secondary',
      title: 'Change the preset?',
      detail: 'The preset is the base the learned weights start from and return to.',
      run: () => put('/weights/preset', { preset: document.getElementById('preset-select').value }),
      after: refresh,
    })) : null;
  return el('div', {},
    el('p', {}, 'Source: ', badge(w.source, w.source === 'learned' ? 'ok' : 'muted'), ' · preset ', el('strong', {}, w.preset),
      ' · ', w.pending.length + ' pending'),
    table([
      { label: 'domain', value: (r) => r.domain },
      { label: 'live', class: 'num', value: (r) => el('span', { 'data-testid': 'live-' + r.domain }, num(r.live, 4)) },
      { label: 'preset', class: 'num', value: (r) => num(r.preset, 4) },
      { label: 'live − preset', class: 'num', value: (r) => delta(r.live - r.preset) },
    ], rows, { testid: 'live-weights', compact: true }),
    el('div', { class: 'actions' },
      presetChoice,
      action('Revert to preset', {
        testid: 'revert-to-preset',
        kind: 'danger',
        title: 'Revert to the preset weights?',
        detail: 'The learned overlay (data/learned_weights.yaml) is deleted and the live weights become the preset\'s. The history keeps a row.',
        run: () => del('/weights/overlay'),
        after: refresh,
      })));
}

function delta(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const text = (x > 0 ? '+' : '') + x.toFixed(4);
  return el('span', { class: x > 0 ? 'up' : x < 0 ? 'down' : '' }, text);
}

function renderPending(pending, refresh) {
  if (pending.length === 0) {
    return muted('No change waits for review. With approval.required=true in learning.weights, each weights cycle\'s proposal waits here; challengers\' proposals show with it.');
  }
  return el('div', {}, pending.map((p) => {
    const challengers = Object.keys(p.challengers || {});
    const columns = [
      { label: 'domain', value: (d) => d },
      { label: 'now', class: 'num', value: (d) => num(p.previous[d], 4) },
      { label: 'proposed (' + (p.adjuster || 'adjuster') + ')', class: 'num', value: (d) => num(p.proposed[d], 4) },
      { label: 'change', class: 'num', value: (d) => delta(p.proposed[d] - p.previous[d]) },
      ...challengers.map((c) => ({ label: 'challenger ' + c, class: 'num', value: (d) => num(p.challengers[c][d], 4) })),
    ];
    return el('article', { class: 'proposal', 'data-testid': 'pending-' + p.adjustment_id },
      el('h3', {}, 'Adjustment ', el('code', {}, p.adjustment_id), ' ', badge(p.status)),
      el('p', { class: 'muted' }, 'As of ', when(p.as_of), ' · ', p.reason, ' · ', p.observations, ' positions · max change ', num(p.max_delta, 3),
        p.window_mean_pnl !== null && p.window_mean_pnl !== undefined ? ' · window mean PnL ' + num(p.window_mean_pnl, 2) : ''),
      table(columns, DOMAINS, { compact: true }),
      challengers.length === 0 ? muted('No challenger adjuster is installed: only the live adjuster proposed.') : null,
      el('div', { class: 'actions' },
        action('Approve', {
          testid: 'approve-' + p.adjustment_id,
          title: 'Approve adjustment ' + p.adjustment_id + '?',
          detail: 'The proposed weights become the live weights at once.',
          run: () => post('/weights/adjustments/' + encodeURIComponent(p.adjustment_id) + '/approve'),
          after: refresh,
        }),
        action('Reject', {
          testid: 'reject-' + p.adjustment_id,
          kind: 'secondary',
          title: 'Reject adjustment ' + p.adjustment_id + '?',
          detail: 'The live weights stay as they are; the proposal is kept in the history as rejected.',
          run: () => post('/weights/adjustments/' + encodeURIComponent(p.adjustment_id) + '/reject'),
          after: refresh,
        })));
  }));
}

/**
 * A step line per domain: the weights before the first applied change, each applied change at its
 * time, and the live weights now.
 */
function renderChart(container, rows, live) {
  const applied = rows.filter((r) => r.status === 'applied' || r.status === 'reverted').slice().reverse();
  if (applied.length === 0) {
    container.append(muted('The chart appears once a change has been applied.'));
    return;
  }
  const points = new Map();
  const at = (t) => {
    if (!points.has(t)) points.set(t, {});
    return points.get(t);
  };
  const firstTime = Math.floor(Date.parse(applied[0].ts) / 1000);
  for (const r of applied.filter((x) => Math.floor(Date.parse(x.ts) / 1000) === firstTime)) {
    at(firstTime - 1)[r.domain] = r.old_weight;
  }
  for (const r of applied) {
    at(Math.floor(Date.parse(r.ts) / 1000))[r.domain] = r.new_weight;
  }
  if (live) {
    const last = Math.max(...points.keys());
    Object.assign(at(Math.max(Math.floor(Date.now() / 1000), last + 1)), live.weights);
  }
  const times = [...points.keys()].sort((a, b) => a - b);
  // History rows come per domain: a domain missing at a time keeps its previous value.
  const current = {};
  const series = DOMAINS.map((d) => ({ label: d, values: [] }));
  for (const t of times) {
    Object.assign(current, points.get(t));
    DOMAINS.forEach((d, i) => series[i].values.push(current[d] ?? null));
  }
  timeChart(container, times, series, { yLabel: 'weight', testid: 'weights-chart', stepped: true });
}

function renderHistory(rows, refresh) {
  const firstOfPending = new Set();
  return table([
    { label: 'when', value: (r) => when(r.ts) },
    { label: 'adjustment', value: (r) => el('code', {}, r.adjustment_id || '–') },
    { label: 'domain', value: (r) => r.domain },
    { label: 'old', class: 'num', value: (r) => num(r.old_weight, 4) },
    { label: 'new', class: 'num', value: (r) => num(r.new_weight, 4) },
    { label: 'delta', class: 'num', value: (r) => delta(r.delta) },
    { label: 'reason', value: (r) => r.reason },
    { label: 'status', value: (r) => badge(r.status) },
    { label: 'by', value: (r) => r.approved_by || '' },
    { label: 'adjuster', value: (r) => r.adjuster || '' },
    { label: '', value: (r) => {
      if (r.status !== 'pending' || !r.adjustment_id || firstOfPending.has(r.adjustment_id)) return '';
      firstOfPending.add(r.adjustment_id);
      return el('span', { class: 'row-actions' },
        action('Approve', {
          testid: 'history-approve-' + r.adjustment_id,
          title: 'Approve adjustment ' + r.adjustment_id + '?',
          detail: 'The proposed weights become the live weights at once.',
          run: () => post('/weights/adjustments/' + encodeURIComponent(r.adjustment_id) + '/approve'),
          after: refresh,
        }),
        action('Reject', {
          kind: 'secondary',
          title: 'Reject adjustment ' + r.adjustment_id + '?',
          detail: 'The live weights stay as they are.',
          run: () => post('/weights/adjustments/' + encodeURIComponent(r.adjustment_id) + '/reject'),
          after: refresh,
        }));
    } },
  ], rows, { empty: 'No weight changes recorded yet.', testid: 'weights-history' });
}
