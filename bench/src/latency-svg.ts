import type { LatencyCurve } from "./latency-samples.js";

const WIDTH = 960;
const HEIGHT = 560;
const MARGIN = { left: 70, right: 260, top: 40, bottom: 60 };
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"];
/** The x axis ends at 99.999 %; the maximum is drawn there. */
const MAX_NINES = 5;

/** Percentile → "nines" (50 % → 0.3, 99 % → 2, 99.9 % → 3), the axis of HdrHistogram plots. */
function nines(percentile: number): number {
  const rest = 1 - percentile / 100;
  return rest <= 10 ** -MAX_NINES ? MAX_NINES : -Math.log10(rest);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);
}

/**
 * The latency distributions of a run as one SVG: latency (log scale) against percentile on a
 * "nines" axis, so the tail (p99, p99.9, max) is as wide as the median. Written by hand.
 */
export function latencySvg(curves: readonly LatencyCurve[], title: string): string {
  const plotted = curves
    .map((curve) => ({ ...curve, points: curve.points.filter((p) => Number.isFinite(p.ms) && p.ms > 0) }))
    .filter((curve) => curve.points.length > 1);
  const all = plotted.flatMap((curve) => curve.points.map((p) => p.ms));
  const low = 10 ** Math.floor(Math.log10(Math.min(...all, 1)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...all, 10)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (percentile: number) => MARGIN.left + (nines(percentile) / MAX_NINES) * plotWidth;
  const y = (ms: number) =>
    MARGIN.top + plotHeight - ((Math.log10(ms) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="16">${escapeXml(title)}</text>`,
  ];
  for (let decade = low; decade <= high; decade *= 10) {
    const py = y(decade).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${py}" y2="${py}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${decade >= 1 ? decade : decade.toPrecision(1)} ms</text>`,
    );
  }
  for (const [percentile, label] of [
    [0, "0%"],
    [90, "90%"],
    [99, "99%"],
    [99.9, "99.9%"],
    [99.99, "99.99%"],
    [100, "max"],
  ] as const) {
    const px = x(percentile).toFixed(1);
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#ddd"/>`,
      `<text x="${px}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${label}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 14}" text-anchor="middle">percentile</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`,
  );
  plotted.forEach((curve, index) => {
    const color = COLORS[index % COLORS.length];
    // Past the palette, curves repeat its colours dashed.
    const dash = index >= COLORS.length ? ' stroke-dasharray="6 3"' : "";
    const path = curve.points
      .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.percentile).toFixed(1)},${y(p.ms).toFixed(1)}`)
      .join(" ");
    const ly = MARGIN.top + 10 + index * 20;
    parts.push(
      `<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
      `<line x1="${WIDTH - MARGIN.right + 16}" x2="${WIDTH - MARGIN.right + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"${dash}/>`,
      `<text x="${WIDTH - MARGIN.right + 46}" y="${ly}" dominant-baseline="middle">${escapeXml(curve.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
