// Producers: karma leaderboard, scores, performance per asset/horizon/regime with Wilson
// intervals, a reliability diagram per producer, and the agreement matrix as a heat map.
import { get, optional } from '../api.js';
import { ago, bar, el, muted, notAvailable, num, panel, pct, section, show, table } from '../ui.js';
import { reliabilityChart } from '../charts.js';

export async function render(content) {
  const karma = el('div');
  const scores = el('div');
  const performance = el('div');
  const reliability = el('div', { class: 'charts' });
  const agreement = el('div');
  show(content,
    el('div', { class: 'grid two' }, panel('Karma leaderboard', karma), panel('Producer scores', scores)),
    panel('Performance by asset, horizon and regime', performance),
    panel('Reliability diagrams', reliability),
    panel('Agreement matrix', agreement));
  await Promise.all([
    section(karma, renderKarma),
    section(scores, renderScores),
    section(performance, async () => {
      const perf = await optional('/performance?limit=10000');
      if (perf.missing) {
        show(reliability, notAvailable('Reliability diagrams', perf.missing));
        return notAvailable('Performance', perf.missing);
      }
      renderReliability(reliability, perf.data);
      return renderPerformance(perf.data);
    }),
    section(agreement, async () => {
      const corr = await optional('/correlation?limit=10000');
      return corr.missing ? notAvailable('Agreement matrix', corr.missing) : renderAgreement(corr.data);
    }),
  ]);
}

async function renderKarma() {
  const rows = await get('/karma');
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.karma_score)));
  return table([
    { label: '#', class: 'num', value: (r) => rows.indexOf(r) + 1 },
    { label: 'producer', value: (r) => r.producer_id },
    { label: 'karma', class: 'num', value: (r) => num(r.karma_score, 3) },
    { label: '', value: (r) => bar(Math.abs(r.karma_score) / max, '') },
    { label: 'wins', class: 'num', value: (r) => r.win_count },
    { label: 'losses', class: 'num', value: (r) => r.loss_count },
    { label: 'neutral', class: 'num', value: (r) => r.neutral_count },
    { label: 'trades', class: 'num', value: (r) => r.total_trades },
    { label: 'updated', value: (r) => ago(r.last_updated) },
  ], rows, { empty: 'No producer has karma yet: it grows with attributed positions.', testid: 'karma' });
}

async function renderScores() {
  const rows = await get('/producers');
  return table([
    { label: 'producer', value: (r) => r.producer_id },
    { label: 'stale for', class: 'num', value: (r) => r.staleness_seconds === null ? '–' : Math.round(r.staleness_seconds / 60) + ' min' },
    { label: 'error rate', class: 'num', value: (r) => pct(r.error_rate) },
    { label: 'win rate (30 d)', class: 'num', value: (r) => pct(r.win_rate) },
    { label: 'trades', class: 'num', value: (r) => r.observations },
    { label: 'karma', class: 'num', value: (r) => num(r.karma, 3) },
  ], rows, { empty: 'No producer reported yet.', testid: 'producer-scores' });
}

function renderPerformance(rows) {
  const producers = [...new Set(rows.map((r) => r.producer_id))].sort();
  const body = el('div');
  const select = el('select', { id: 'performance-producer' },
    el('option', { value: '' }, 'all producers'), producers.map((p) => el('option', { value: p }, p)));
  const draw = () => show(body, table([
    { label: 'producer', value: (r) => r.producer_id },
    { label: 'asset', value: (r) => r.asset },
    { label: 'horizon', value: (r) => r.horizon },
    { label: 'regime', value: (r) => r.regime === '*' ? 'all' : r.regime },
    { label: 'n', class: 'num', value: (r) => r.count },
    { label: 'win rate', class: 'num', value: (r) => pct(r.win_rate) },
    { label: 'Wilson 95 %', value: (r) => interval(r.wilson_low, r.wilson_high) },
    { label: 'Brier', class: 'num', value: (r) => num(r.mean_brier, 3) },
    { label: 'log score', class: 'num', value: (r) => num(r.mean_log_score, 3) },
    { label: 'mean conf.', class: 'num', value: (r) => num(r.mean_confidence, 2) },
    { label: 'conf. ~ correct', class: 'num', value: (r) => num(r.confidence_correlation, 2) },
  ], rows.filter((r) => !select.value || r.producer_id === select.value),
  { empty: 'No resolved forecasts aggregated yet.', testid: 'performance' }));
  select.addEventListener('change', draw);
  draw();
  return el('div', {}, el('p', { class: 'inline-form' }, el('label', { for: 'performance-producer' }, 'Producer '), select), body);
}

/** The Wilson interval as a bar from low to high on [0, 1]. */
function interval(low, high) {
  if (low === null || low === undefined) return '–';
  const track = el('span', { class: 'interval', title: pct(low) + ' to ' + pct(high) });
  const span = el('span', { class: 'span' });
  span.style.left = (100 * low) + '%';
  span.style.width = Math.max(0.5, 100 * (high - low)) + '%';
  track.append(span);
  return el('span', { class: 'interval-cell' }, track, ' ', pct(low, 0) + '–' + pct(high, 0));
}

/** Per producer, the bins of its largest all-regime row. */
function renderReliability(container, rows) {
  const best = new Map();
  for (const r of rows) {
    if (r.regime !== '*' || !r.reliability_bins || r.reliability_bins.length === 0) continue;
    const seen = best.get(r.producer_id);
    if (!seen || r.count > seen.count) best.set(r.producer_id, r);
  }
  container.replaceChildren();
  if (best.size === 0) {
    container.append(muted('No producer has resolved forecasts with confidence bins yet.'));
    return;
  }
  for (const [producer, r] of [...best.entries()].sort()) {
    const figure = el('figure', { class: 'reliability' });
    container.append(figure);
    reliabilityChart(figure, r.reliability_bins, { testid: 'reliability-' + producer });
    figure.append(el('figcaption', {}, producer + ' · ' + r.asset + ' ' + r.horizon + ' · n = ' + r.count
      + (r.brier_reliability !== undefined && r.brier_reliability !== null ? ' · reliability ' + num(r.brier_reliability, 4) + ', resolution ' + num(r.brier_resolution, 4) : '')));
  }
}

/** Agreement rate of each pair, pooled over assets and horizons (weighted by samples), as a heat map. */
function renderAgreement(rows) {
  if (rows.length === 0) return muted('No pair of producers has forecast the same asset and horizon yet.');
  const pooled = new Map();
  const producers = new Set();
  for (const r of rows) {
    producers.add(r.producer_a);
    producers.add(r.producer_b);
    for (const key of [r.producer_a + '\u0000' + r.producer_b, r.producer_b + '\u0000' + r.producer_a]) {
      const p = pooled.get(key) || { n: 0, agree: 0, kappaSum: 0 };
      p.n += r.sample_count;
      p.agree += r.agreement_rate * r.sample_count;
      p.kappaSum += (r.kappa ?? 0) * r.sample_count;
      pooled.set(key, p);
    }
  }
  const names = [...producers].sort();
  const cell = (a, b) => {
    if (a === b) return el('td', { class: 'heat diagonal' }, '1');
    const p = pooled.get(a + '\u0000' + b);
    if (!p || p.n === 0) return el('td', { class: 'heat' }, '–');
    const rate = p.agree / p.n;
    const td = el('td', { class: 'heat', title: a + ' / ' + b + ': agree ' + pct(rate) + ', kappa ' + num(p.kappaSum / p.n, 2) + ', n = ' + p.n }, pct(rate, 0));
    // From white (0 % agreement) to deep blue (100 %).
    td.style.backgroundColor = 'hsl(210, 70%, ' + (97 - 55 * rate) + '%)';
    if (rate > 0.65) td.style.color = '#fff';
    return td;
  };
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'heatmap', 'data-testid': 'agreement-matrix' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), names.map((n) => el('th', { scope: 'col' }, n)))),
      el('tbody', {}, names.map((a) => el('tr', {}, el('th', { scope: 'row' }, a), names.map((b) => cell(a, b)))))),
    el('p', { class: 'muted' }, 'Share of common forecasts on which two producers made the same call, over every asset and horizon; hover a cell for Cohen\'s kappa and the sample count.'));
}
