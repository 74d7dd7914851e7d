// Stand-in answers, in the shapes DESIGN.md section 5 and issue 7 document, for endpoints that
// other branches add (performance, correlation, outcomes, meta). The browser test installs this
// before the page's scripts run (DevTools Page.addScriptToEvaluateOnNewDocument), so the pages'
// code for those answers runs in a real browser before the endpoints are merged.
(() => {
  const realFetch = window.fetch.bind(window);
  const answer = (body, status = 200) => Promise.resolve(new Response(JSON.stringify(body),
    { status, headers: { 'Content-Type': 'application/json' } }));
  const bins = (shift) => [0.5, 0.6, 0.7, 0.8, 0.9].map((lower, i) => ({
    lower, upper: lower + 0.1, count: 20 + 5 * i, mean_confidence: lower + 0.05,
    observed_rate: Math.min(1, lower + shift + 0.02 * i) }));
  const performance = [];
  for (const [producer, shift] of [['ta-momentum', -0.05], ['onchain-flow', 0.02], ['social-pulse', -0.12]]) {
    for (const [asset, horizon, regime, count] of [['BTC', '4h', '*', 140], ['BTC', '4h', 'bull', 90], ['ETH', '24h', '*', 60]]) {
      const win = 0.5 + shift + 0.05;
      performance.push({ producer_id: producer, asset, horizon, regime, count, win_rate: win,
        wilson_low: win - 0.08, wilson_high: win + 0.08, mean_brier: 0.23 - shift / 2, mean_log_score: -0.66,
        mean_confidence: 0.68, confidence_correlation: 0.12 + shift, reliability_bins: bins(shift),
        brier_reliability: 0.004, brier_resolution: 0.012, brier_uncertainty: 0.249 });
    }
  }
  const correlation = [
    ['ta-momentum', 'onchain-flow', 0.62, 0.21], ['ta-momentum', 'social-pulse', 0.81, 0.55],
    ['onchain-flow', 'social-pulse', 0.47, -0.04]].map(([a, b, rate, kappa]) => ({
    producer_a: a, producer_b: b, asset: 'BTC', horizon: '4h', sample_count: 120, agreement_rate: rate, kappa,
    agreement_win_rate: 0.58, disagreement_win_rate_a: 0.51, disagreement_win_rate_b: 0.47 }));
  const outcomes = [];
  for (let i = 0; i < 12; i++) {
    const right = i % 3 !== 0;
    outcomes.push({ forecast_event_id: 'evt-' + i, forecast_id: 'fc-' + i, producer_id: i % 2 ? 'ta-momentum' : 'onchain-flow',
      asset: 'BTC', horizon: '4h', forecast_action: 'long', forecast_confidence: 0.6 + i / 100, forecast_price: 42000 + i,
      actual_price: right ? 42300 + i : 41800 + i, return_actual_pct: right ? 0.71 : -0.48, direction_correct: right,
      brier_score: right ? 0.16 : 0.36, log_score: right ? -0.51 : -0.92, regime_at_forecast: 'bull',
      forecast_ts: '2026-01-05T0' + (i % 10) + ':00:00Z', resolved_at: '2026-01-05T1' + (i % 10) + ':00:00Z' });
  }
  let mode = 'shadow';
  const meta = () => ({ mode, implementation: 'ensemble-episodes@1.0.0', activation: { resolved: 512, required: 500 },
    shadow_record: { resolved: 212, meta_win_rate: 0.583, ensemble_win_rate: 0.541, abstentions: 61,
      by_horizon: { '4h': { meta: 0.6, ensemble: 0.55 }, '24h': { meta: 0.55, ensemble: 0.52 } } } });
  const extra = [['GET', '/performance'], ['GET', '/correlation'], ['GET', '/outcomes'], ['GET', '/meta'], ['PUT', '/meta/mode']];

  window.fetch = (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href);
    const method = (init.method || 'GET').toUpperCase();
    switch (url.pathname) {
      case '/api/v1/routes':
        return realFetch(input, init).then((r) => r.json()).then((index) => answer({ routes: index.routes.concat(
          extra.filter(([m, p]) => !index.routes.some((r) => r.method === m && r.path === p)).map(([m, p]) => ({ method: m, path: p }))) }));
      case '/api/v1/performance': return answer(performance);
      case '/api/v1/correlation': return answer(correlation);
      case '/api/v1/outcomes': {
        const producer = url.searchParams.get('producer_id');
        return answer(outcomes.filter((o) => !producer || o.producer_id === producer));
      }
      case '/api/v1/meta': return answer(meta());
      case '/api/v1/meta/mode':
        if (method === 'PUT') {
          mode = JSON.parse(init.body).mode;
          return answer(meta());
        }
        return answer({ error: 'use PUT' }, 405);
      default: return realFetch(input, init);
    }
  };
})();
