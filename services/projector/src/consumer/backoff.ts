/** Exponential backoff with jitter, capped: 200 ms, 400 ms, … 5 s. */
export function backoffMs(attempt: number, capMs = 5000): number {
  const base = Math.min(capMs, 200 * 2 ** Math.min(attempt, 10));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
