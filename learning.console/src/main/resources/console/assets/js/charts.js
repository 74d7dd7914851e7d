// Charts drawn by uPlot (served from its webjar at /console/vendor/uplot/).
import uPlot from '/console/vendor/uplot/uPlot.esm.js';
import { el } from './ui.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

function width(container) {
  return Math.max(320, Math.min(container.clientWidth || 800, 1100));
}

/**
 * A time chart of several series.
 * @param {HTMLElement} container where the chart goes (appended)
 * @param {number[]} times seconds since the epoch, ascending
 * @param {{label: string, values: number[]}[]} series aligned with times
 */
export function timeChart(container, times, series, { height = 260, yLabel = '', testid, stepped = false } = {}) {
  const holder = el('div', { class: 'chart', 'data-testid': testid });
  container.append(holder);
  const opts = {
    width: width(container),
    height,
    scales: { x: { time: true } },
    axes: [{}, { label: yLabel, size: 60 }],
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2,
      paths: stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
      points: { show: times.length < 40 } }))],
  };
  return new uPlot(opts, [times, ...series.map((s) => s.values)], holder);
}

/**
 * A reliability diagram: observed frequency against mean stated confidence per bin, with the
 * diagonal of perfect calibration.
 * @param {{mean_confidence: number, observed_rate: number, count: number}[]} bins
 */
export function reliabilityChart(container, bins, { testid, title } = {}) {
  const used = bins.filter((b) => b.count > 0 && b.mean_confidence !== null && b.observed_rate !== null)
    .sort((a, b) => a.mean_confidence - b.mean_confidence);
  const holder = el('div', { class: 'chart small', 'data-testid': testid });
  container.append(holder);
  const xs = [0, ...used.map((b) => b.mean_confidence), 1];
  const observed = [null, ...used.map((b) => b.observed_rate), null];
  const opts = {
    title,
    width: Math.min(420, width(container)),
    height: 300,
    legend: { live: false },
    scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
    axes: [{ label: 'stated confidence' }, { label: 'observed win rate', size: 50 }],
    series: [
      { label: 'confidence' },
      { label: 'perfect calibration', stroke: '#999', dash: [4, 4], width: 1, points: { show: false } },
      { label: 'observed', stroke: COLORS[0], width: 2, spanGaps: true, points: { show: true, size: 7 } },
    ],
  };
  return new uPlot(opts, [xs, xs.slice(), observed], holder);
}
