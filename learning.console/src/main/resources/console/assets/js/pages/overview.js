// Overview: engine health, each cycle's last and next run, recent errors, attribution gaps.
import { get, optional } from '../api.js';
import { ago, badge, el, muted, notAvailable, panel, section, table, when } from '../ui.js';

export async function render(content) {
  const health = el('div');
  const cycles = el('div');
  const errors = el('div');
  const gaps = el('div');
  content.replaceChildren(
    el('div', { class: 'grid two' }, panel('Engine health', health), panel('Attribution gaps', gaps)),
    panel('Cycles', cycles),
    panel('Recent errors', errors));

  const work = [
    section(health, renderHealth),
    section(gaps, renderGaps),
  ];
  const runs = await optional('/cycles');
  if (runs.missing) {
    cycles.replaceChildren(notAvailable('Cycle runs', runs.missing));
    errors.replaceChildren(notAvailable('Recent errors', runs.missing));
  } else {
    await section(cycles, () => renderCycles(runs.data));
    await section(errors, () => renderErrors(runs.data.recent_errors));
  }
  await Promise.all(work);
}

async function renderHealth() {
  const res = await fetch('/health/ready', { headers: { Accept: 'application/json' } });
  const ready = await res.json();
  const chain = await get('/events/verify');
  const notReady = ready.not_ready || [];
  return el('div', {},
    el('p', { 'data-testid': 'health' }, 'Readiness: ', badge(ready.status || (res.ok ? 'UP' : 'DOWN'), res.ok ? 'ok' : 'failed')),
    Array.isArray(notReady) && notReady.length > 0
      ? table([{ label: 'bundle', value: (r) => r.bundle }, { label: 'component', value: (r) => r.component },
        { label: 'state', value: (r) => r.state }, { label: 'why', value: (r) => r.detail }], notReady) : null,
    el('p', {}, 'Database: ', badge(ready.database || '?', ready.database === 'UP' ? 'ok' : 'failed'),
      ' · ', ready.components_checked + ' components checked'),
    el('p', {}, 'Event log: ', chain.valid ? badge('hash chain valid', 'ok') : badge('hash chain broken', 'failed'),
      ' ', chain.events_checked + ' events checked', chain.problem ? ' – ' + chain.problem : ''));
}

async function renderGaps() {
  const gaps = await optional('/attribution/gaps');
  if (gaps.missing) return notAvailable('Attribution gaps', gaps.missing);
  const g = gaps.data;
  return el('div', {},
    el('p', { class: 'big-number', 'data-testid': 'attribution-gaps' }, String(g.count)),
    el('p', { class: 'muted' }, 'closed positions without a (known) conviction: they teach the weights nothing until their conviction is stored.'),
    g.recent_position_ids.length ? el('p', {}, 'Named by recent sweeps: ', g.recent_position_ids.join(', ')) : null);
}

function renderCycles(data) {
  return el('div', {},
    data.schedule_enabled ? null : muted('The schedule is off (schedule.enabled=false): cycles run on demand only.'),
    table([
      { label: 'cycle', value: (c) => el('strong', {}, c.cycle) },
      { label: 'schedule', value: (c) => c.schedule || 'on demand' },
      { label: 'last run (as of)', value: (c) => c.last_run ? when(c.last_run.as_of) : 'never' },
      { label: 'status', value: (c) => c.last_run ? badge(c.last_run.status) : (c.installed ? '' : badge('not installed', 'muted')) },
      { label: 'took', class: 'num', value: (c) => c.last_run ? duration(c.last_run) : '' },
      { label: 'last success', value: (c) => c.last_success_at ? ago(c.last_success_at) : '–' },
      { label: 'next run', value: (c) => !c.installed || !c.next_run ? '–'
        : c.due ? 'due: at the next tick' : when(c.next_run) + ' (' + ago(c.next_run) + ')' },
    ], data.cycles, { testid: 'cycles' }));
}

function duration(run) {
  const ms = Date.parse(run.ended_at) - Date.parse(run.started_at);
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

function renderErrors(rows) {
  return table([
    { label: 'when', value: (r) => when(r.started_at) },
    { label: 'cycle', value: (r) => r.cycle },
    { label: 'as of', value: (r) => when(r.as_of) },
    { label: 'error', value: (r) => el('span', { class: 'error-text' }, r.error || '') },
  ], rows, { empty: 'No failed cycle runs recorded.', testid: 'recent-errors' });
}
