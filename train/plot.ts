/**
 * The training curves as a picture: one panel per figure (loss, then each metric), training and
 * validation lines, drawn as SVG and rendered to PNG with resvg using the DejaVu font (no system
 * fonts), so the PNG is byte-identical from machine to machine.
 */
import type { EpochRecord } from './history.js';

const W = 420;
const H = 260;
const M = { left: 56, right: 16, top: 28, bottom: 40 };
const COLOURS = { train: '#1f77b4', val: '#ff7f0e' };

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

/** One panel: a figure's training and validation curves over the epochs. */
function panel(name: string, records: readonly EpochRecord[], x0: number): string {
  const train = records.map((r) => r.logs[name]);
  const val = records.map((r) => r.logs[`val_${name}`]);
  const all = [...train, ...val].filter((v): v is number => v !== undefined && Number.isFinite(v));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const n = records.length;
  const px = (i: number): number => x0 + M.left + (n === 1 ? 0.5 : i / (n - 1)) * (W - M.left - M.right);
  const py = (v: number): number => M.top + (1 - (v - lo) / (hi - lo)) * (H - M.top - M.bottom);
  const line = (values: (number | undefined)[], colour: string): string => {
    const pts = values.map((v, i) => (v === undefined || !Number.isFinite(v) ? null : `${px(i).toFixed(1)},${py(v).toFixed(1)}`)).filter((p) => p !== null);
    if (pts.length === 0) return '';
    const dots = pts.map((p) => `<circle cx="${p!.split(',')[0]}" cy="${p!.split(',')[1]}" r="2.5" fill="${colour}"/>`).join('');
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.join(' ')}"/>${dots}`;
  };
  const ticks = [lo, (lo + hi) / 2, hi].map((v) => `<text x="${x0 + M.left - 6}" y="${py(v) + 4}" text-anchor="end" font-size="11">${num(v)}</text>`).join('');
  const xticks = records.map((r, i) => (n <= 12 || i % Math.ceil(n / 12) === 0 ? `<text x="${px(i)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${r.epoch + 1}</text>` : '')).join('');
  const hasVal = val.some((v) => v !== undefined);
  const legend = `<text x="${x0 + W - M.right - (hasVal ? 150 : 60)}" y="${M.top - 10}" font-size="11"><tspan fill="${COLOURS.train}">— train</tspan>${hasVal ? `<tspan fill="${COLOURS.val}" dx="8">— validation</tspan>` : ''}</text>`;
  return [
    `<text x="${x0 + M.left}" y="${M.top - 10}" font-size="13" font-weight="bold">${esc(name)}</text>`,
    legend,
    `<rect x="${x0 + M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`,
    ticks,
    xticks,
    `<text x="${x0 + (W + M.left) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">epoch</text>`,
    line(train, COLOURS.train),
    line(val, COLOURS.val),
  ].join('');
}

/** The curves as SVG text: one panel per figure that is not a `val_` one. */
export function historySvg(records: readonly EpochRecord[]): string {
  const names = [...new Set(records.flatMap((r) => Object.keys(r.logs)))].filter((k) => !k.startsWith('val_'));
  const width = Math.max(1, names.length) * W;
  const body = names.map((name, i) => panel(name, records, i * W)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H}" viewBox="0 0 ${width} ${H}" font-family="DejaVu Sans"><rect width="100%" height="100%" fill="white"/>${body}</svg>\n`;
}

/** The curves as PNG bytes (the diagrams' renderer: resvg with the shipped DejaVu fonts). */
export async function historyPng(records: readonly EpochRecord[]): Promise<Uint8Array> {
  const { renderPng } = await import('../backends/graphviz/render.js');
  return renderPng(historySvg(records));
}
