import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { LatencyCurve } from "./latency-samples.js";

/** Whether a bigger value of a figure is better (a rate) or worse (a latency, memory). */
export type Better = "higher" | "lower";

/** What a figure is measured against in the same run: a raw limit or the seed's pipeline. */
export interface Reference {
  kind: "raw limit" | "peer" | "baseline";
  label: string;
  value: number;
}

/** A target of issue 8 and how far the figure is from it. */
export interface Target {
  text: string;
  met: boolean;
  /** The figure as a share of the target's bound (for a rate: value / needed; for a latency: bound / value). */
  margin: number;
}

export interface Figure {
  id: string;
  group: string;
  name: string;
  value: number;
  unit: string;
  better: Better;
  comparedTo?: Reference | undefined;
  /** value / comparedTo.value. */
  ratio?: number | undefined;
  target?: Target | undefined;
  note?: string | undefined;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: {
    cpus: number;
    cpuModel: string;
    totalMemoryMb: number;
    node: string;
    loadAverageAtStart: number[];
    /** The run began on a busy machine and was reported only because of `--allow-busy`. */
    busyAtStart: boolean;
  };
  figures: Figure[];
  curves: LatencyCurve[];
  skipped: { group: string; reason: string }[];
}

export function figure(input: Omit<Figure, "ratio">): Figure {
  const ratio =
    input.comparedTo && input.comparedTo.value !== 0 && Number.isFinite(input.value)
      ? input.value / input.comparedTo.value
      : undefined;
  return { ...input, ratio };
}

/** A target of the form "at least `bound`" (rates). */
export function atLeast(text: string, value: number, bound: number): Target {
  return { text, met: value >= bound, margin: bound === 0 ? Number.NaN : value / bound };
}

/** A target of the form "under `bound`" (latencies, memory). */
export function under(text: string, value: number, bound: number): Target {
  return { text, met: value < bound, margin: value === 0 ? Number.POSITIVE_INFINITY : bound / value };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatValue(value: number, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** The table printed at the end of a run: figure, value, raw limit or peer, ratio, target. */
export function renderTable(figures: readonly Figure[]): string {
  const header = ["figure", "value", "compared to", "ratio (value ÷ ref.)", "target (margin)"];
  const rows = figures.map((f) => [
    `${f.group}: ${f.name}`,
    formatValue(f.value, f.unit),
    f.comparedTo ? `${f.comparedTo.kind} ${f.comparedTo.label} = ${formatValue(f.comparedTo.value, f.unit)}` : "",
    f.ratio === undefined ? "" : `${f.ratio.toFixed(2)}x (${f.better} is better)`,
    f.target ? `${f.target.met ? "MET" : "MISSED"} ${f.target.text} (${f.target.margin.toFixed(2)}x)` : "",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column] ?? 0)).join(" | ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("-|-"), ...rows.map(line)].join("\n");
}

export function writeReport(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
