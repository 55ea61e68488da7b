/** Latency percentiles a figure reports, in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** One curve of the latency chart: latency (ms) at each percentile. */
export interface LatencyCurve {
  label: string;
  points: { percentile: number; ms: number }[];
}

/** Percentiles the chart draws, out to the "nines" where stalls show. */
export const CHART_PERCENTILES = [
  0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 97.5, 98, 98.5, 99, 99.25, 99.5, 99.75, 99.9, 99.95,
  99.99, 100,
];

/**
 * Every latency of a run, kept exactly (a Float64Array that grows): a million samples is 8 MB,
 * and exact percentiles need no histogram tuning.
 */
export class LatencySamples {
  private values = new Float64Array(1024);
  private size = 0;
  private sorted: Float64Array | undefined;

  record(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
    this.sorted = undefined;
  }

  get count(): number {
    return this.size;
  }

  percentile(p: number): number {
    if (this.size === 0) return Number.NaN;
    const sorted = this.sortedValues();
    const rank = Math.ceil((p / 100) * this.size) - 1;
    return sorted[Math.min(this.size - 1, Math.max(0, rank))] ?? Number.NaN;
  }

  summary(): LatencySummary {
    let total = 0;
    for (let i = 0; i < this.size; i++) total += this.values[i] ?? 0;
    return {
      count: this.size,
      mean: this.size === 0 ? Number.NaN : total / this.size,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      max: this.percentile(100),
    };
  }

  curve(label: string): LatencyCurve {
    return { label, points: CHART_PERCENTILES.map((percentile) => ({ percentile, ms: this.percentile(percentile) })) };
  }

  private sortedValues(): Float64Array {
    this.sorted ??= this.values.slice(0, this.size).sort();
    return this.sorted;
  }
}
