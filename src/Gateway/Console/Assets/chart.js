// The activity chart: stacked bars of sent, failed attempts and filtered per bucket, drawn as SVG elements (no library).
const NS = 'http://www.w3.org/2000/svg';
const SERIES = [['sent', 'Sent', 'sent-fill'], ['failedAttempts', 'Failed attempts', 'failed-fill'], ['filtered', 'Filtered', 'filtered-fill']];

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function legend() {
  const box = document.createElement('div');
  box.className = 'legend';
  for (const [, label, cls] of SERIES) {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.className = cls;
    item.append(swatch, label);
    box.append(item);
  }
  return box;
}

/** series: [{start, sent, failedAttempts, deadLettered, filtered}], granularity: 'day' | 'hour'. */
export function activityChart(series, granularity) {
  const width = 1000, height = 240, left = 44, bottom = 26, top = 10, right = 8;
  const plotW = width - left - right, plotH = height - top - bottom;
  const totals = series.map(b => SERIES.reduce((sum, [key]) => sum + (b[key] || 0), 0));
  const max = Math.max(1, ...totals);
  const nice = niceMax(max);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': 'Activity chart' });
  root.dataset.total = String(totals.reduce((a, b) => a + b, 0));
  root.dataset.buckets = String(series.length);
  for (let i = 0; i <= 4; i++) {
    const y = top + plotH - (plotH * i) / 4;
    root.append(svg('line', { x1: left, x2: width - right, y1: y, y2: y, class: 'axis' }));
    root.append(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, String(Math.round((nice * i) / 4))));
  }
  const slot = plotW / Math.max(1, series.length);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const labelEvery = Math.ceil(series.length / 14);
  series.forEach((bucket, i) => {
    const x = left + slot * i + (slot - barW) / 2;
    let y = top + plotH;
    const group = svg('g', { class: 'bar' });
    const when = new Date(bucket.start);
    const label = granularity === 'hour'
      ? when.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit' })
      : when.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
    group.append(svg('title', {}, `${label}: ${SERIES.map(([key, name]) => `${name} ${bucket[key] || 0}`).join(', ')}`));
    for (const [key, , cls] of SERIES) {
      const value = bucket[key] || 0;
      if (!value) continue;
      const barH = (plotH * value) / nice;
      y -= barH;
      group.append(svg('rect', { x, y, width: barW, height: Math.max(barH, 1), class: cls, rx: 2 }));
    }
    root.append(group);
    if (i % labelEvery === 0) {
      // Hourly ticks name the day at midnight, so a week of hours still reads as dates.
      const short = granularity === 'hour' && when.getHours() !== 0
        ? when.toLocaleTimeString(undefined, { hour: '2-digit' })
        : when.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
      root.append(svg('text', { x: left + slot * i + slot / 2, y: height - 8, 'text-anchor': 'middle' }, short));
    }
  });
  return root;
}

function niceMax(max) {
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return Math.max(4, step * power);
  return max;
}
