// Corpus: skills by state with their scores, patterns with their win rates.
import { get } from '../api.js';
import { badge, bar, el, muted, num, panel, pct, section, show, table } from '../ui.js';

const STATES = ['active', 'pending', 'archived'];

export async function render(content) {
  const skills = el('div');
  const patterns = el('div');
  show(content, panel('Skills', skills), panel('Patterns', patterns));
  await Promise.all([section(skills, renderSkills), section(patterns, renderPatterns)]);
}

async function renderSkills() {
  const rows = await get('/skills?limit=10000');
  if (rows.length === 0) return muted('No skill files yet (corpus/skills/{pending,active,archived}).');
  const states = [...new Set([...STATES, ...rows.map((r) => r.state)])];
  return el('div', { class: 'grid three' }, states.map((state) => {
    const inState = rows.filter((r) => r.state === state).sort((a, b) => (b.score ?? -1e9) - (a.score ?? -1e9));
    return el('div', { 'data-testid': 'skills-' + state },
      el('h3', {}, badge(state, state === 'active' ? 'ok' : state === 'archived' ? 'muted' : 'pending'), ' ', inState.length),
      table([
        { label: 'skill', value: (r) => r.name },
        { label: 'score', class: 'num', value: (r) => num(r.score, 3) },
        { label: 'problem', value: (r) => r.problem ? el('span', { class: 'error-text' }, r.problem) : '' },
      ], inState, { empty: 'none' }));
  }));
}

async function renderPatterns() {
  const rows = await get('/patterns?limit=10000');
  return table([
    { label: 'pattern', value: (r) => el('code', {}, r.pattern) },
    { label: 'matches', class: 'num', value: (r) => r.matches },
    { label: 'wins', class: 'num', value: (r) => r.wins },
    { label: 'win rate', class: 'num', value: (r) => pct(r.win_rate) },
    { label: '', value: (r) => bar(r.win_rate ?? 0, '') },
  ], rows, { empty: 'No pattern has matched a closed position yet.', testid: 'patterns' });
}
