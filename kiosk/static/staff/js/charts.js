// Small SVG charts for the analytics page: no library, nothing fetched.
//
// barChart: bars per day, stacked by series; lineChart: lines over days (dashed
// for forecasts), both with an optional horizontal target line; hbars: labelled
// horizontal bars. Every mark has a <title>, so hovering or a screen reader gives
// the exact value.

const NS = "http://www.w3.org/2000/svg";
export const COLORS = ["#0b4f9c", "#2e8540", "#d1830f", "#b3261e", "#6a4c93", "#00838f"];

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    el.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return el;
}

const W = 720;
// Presentation attributes, so the charts need nothing from the console's stylesheet.
const GRID = { stroke: "#dde3ec", "stroke-width": 1 };
const TICK = { "font-size": 11, fill: "#4c5b70" };
const PAD = { left: 44, right: 12, top: 12, bottom: 34 };

/** A "nice" upper bound for the y axis and its tick step. */
function scale(max) {
  if (!(max > 0)) return { top: 1, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((m) => m >= raw);
  return { top: step * Math.ceil(max / step), step };
}

function shortDay(iso) {
  const [, m, d] = iso.split("-");
  return `${d}/${m}`;
}

function frame(height, labels, top, step, unit) {
  const innerH = height - PAD.top - PAD.bottom;
  const innerW = W - PAD.left - PAD.right;
  const y = (v) => PAD.top + innerH - (v / top) * innerH;
  const band = innerW / Math.max(labels.length, 1);
  const x = (i) => PAD.left + band * i + band / 2;
  const grid = [];
  for (let v = 0; v <= top + 1e-9; v += step) {
    grid.push(s("line", { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), ...GRID }));
    grid.push(s("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end", ...TICK }, `${+v.toFixed(2)}${unit}`));
  }
  const every = Math.ceil(labels.length / 12);
  const ticks = labels.map((label, i) =>
    i % every ? null : s("text", { x: x(i), y: height - PAD.bottom + 16, "text-anchor": "middle", ...TICK }, shortDay(label)),
  );
  return { y, x, band, parts: [...grid, ...ticks] };
}

function legend(series) {
  return series.map((serie, i) =>
    s(
      "g",
      { transform: `translate(${PAD.left + i * 150}, 0)` },
      s("rect", { x: 0, y: 0, width: 10, height: 10, fill: serie.color || COLORS[i % COLORS.length] }),
      s("text", { x: 14, y: 9, ...TICK }, serie.name),
    ),
  );
}

function svgRoot(height, title, ...children) {
  return s(
    "svg",
    {
      viewBox: `0 0 ${W} ${height + 16}`,
      class: "chart",
      role: "img",
      "aria-label": title,
      style: "width: 100%; height: auto; max-width: 900px; display: block",
    },
    s("title", {}, title),
    s("g", { transform: "translate(0, 16)" }, children),
  );
}

function targetLine(frameInfo, target, label) {
  if (target === undefined || target === null) return null;
  const y = frameInfo.y(target);
  return s(
    "g",
    { class: "target" },
    s("line", { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, stroke: "#b3261e", "stroke-dasharray": "4 3" }),
    s("text", { x: W - PAD.right, y: y - 4, "text-anchor": "end", ...TICK }, label),
  );
}

/** Stacked bars: labels = days ("YYYY-MM-DD"), series = [{name, values, color}]. */
export function barChart({ title, labels, series, height = 220, unit = "", target, targetLabel }) {
  const totals = labels.map((_, i) => series.reduce((sum, serie) => sum + (serie.values[i] || 0), 0));
  const { top, step } = scale(Math.max(...totals, target || 0));
  const f = frame(height, labels, top, step, unit);
  const bars = [];
  labels.forEach((label, i) => {
    let base = 0;
    series.forEach((serie, k) => {
      const v = serie.values[i] || 0;
      if (!v) return;
      const y0 = f.y(base);
      const y1 = f.y(base + v);
      bars.push(
        s(
          "rect",
          { x: f.x(i) - f.band * 0.35, width: f.band * 0.7, y: y1, height: y0 - y1, fill: serie.color || COLORS[k % COLORS.length] },
          s("title", {}, `${shortDay(label)} · ${serie.name}: ${v}${unit}`),
        ),
      );
      base += v;
    });
  });
  return svgRoot(height, title, legend(series), f.parts, bars, targetLine(f, target, targetLabel));
}

/** Lines: series = [{name, values (null = no point), color, dashed}]. */
export function lineChart({ title, labels, series, height = 220, unit = "", target, targetLabel }) {
  const all = series.flatMap((serie) => serie.values.filter((v) => v !== null && v !== undefined));
  const { top, step } = scale(Math.max(...all, target || 0, 0));
  const f = frame(height, labels, top, step, unit);
  const lines = series.map((serie, k) => {
    const color = serie.color || COLORS[k % COLORS.length];
    const points = serie.values.map((v, i) => (v === null || v === undefined ? null : [f.x(i), f.y(v), v, labels[i]]));
    let d = "";
    let pen = false;
    for (const p of points) {
      if (!p) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
      pen = true;
    }
    return s(
      "g",
      {},
      s("path", { d, fill: "none", stroke: color, "stroke-width": 2, "stroke-dasharray": serie.dashed ? "6 4" : null }),
      points.filter(Boolean).map((p) =>
        s("circle", { cx: p[0], cy: p[1], r: 2.5, fill: color }, s("title", {}, `${shortDay(p[3])} · ${serie.name}: ${p[2]}${unit}`)),
      ),
    );
  });
  return svgRoot(height, title, legend(series), f.parts, lines, targetLine(f, target, targetLabel));
}

/** Horizontal bars: items = [{label, value}], longest first. */
export function hbars({ title, items, unit = "" }) {
  const rowH = 26;
  const labelW = 330;
  const height = Math.max(items.length, 1) * rowH;
  const max = Math.max(...items.map((item) => item.value), 1);
  const rows = items.map((item, i) => {
    const width = ((W - labelW - 60) * item.value) / max;
    const y = i * rowH;
    const text = item.label.length > 48 ? `${item.label.slice(0, 47)}…` : item.label;
    return s(
      "g",
      {},
      s("text", { x: labelW - 8, y: y + 17, "text-anchor": "end", ...TICK }, text),
      s("rect", { x: labelW, y: y + 5, width: Math.max(width, 1), height: rowH - 10, fill: COLORS[0] }, s("title", {}, `${item.label}: ${item.value}${unit}`)),
      s("text", { x: labelW + width + 6, y: y + 17, ...TICK }, `${item.value}${unit}`),
    );
  });
  return svgRoot(height, title, rows);
}
