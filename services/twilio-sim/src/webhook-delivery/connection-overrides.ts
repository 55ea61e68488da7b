/**
 * Twilio's webhook connection overrides, read from the URL fragment (`#ct=..&rt=..&tt=..&rc=..&rp=..`):
 * connect timeout, read timeout, total time (ms), retry count and the retry policy (`4xx`, `5xx`,
 * `ct`, `rt` or `all`). Without a fragment Twilio retries once, on connection failures only.
 */
export interface ConnectionOverrides {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  totalTimeMs: number;
  retryCount: number;
  retryOn: ReadonlySet<"4xx" | "5xx" | "ct" | "rt">;
}

const POLICIES = ["4xx", "5xx", "ct", "rt"] as const;

function bounded(value: string | null, fallback: number, min: number, max: number): number {
  const number = value === null ? Number.NaN : Number(value);
  return Number.isInteger(number) ? Math.min(Math.max(number, min), max) : fallback;
}

export function connectionOverridesOf(webhookUrl: string): ConnectionOverrides {
  const hash = webhookUrl.indexOf("#");
  const fragment = new URLSearchParams(hash < 0 ? "" : webhookUrl.slice(hash + 1));
  const policy = (fragment.get("rp") ?? "ct").split(",");
  const retryOn = new Set(policy.includes("all") ? POLICIES : POLICIES.filter((name) => policy.includes(name)));
  return {
    connectTimeoutMs: bounded(fragment.get("ct"), 5000, 100, 10000),
    readTimeoutMs: bounded(fragment.get("rt"), 15000, 100, 15000),
    totalTimeMs: bounded(fragment.get("tt"), 15000, 100, 15000),
    retryCount: bounded(fragment.get("rc"), 1, 0, 5),
    retryOn,
  };
}

/** The URL Twilio requests and signs: the fragment never leaves Twilio. */
export function withoutFragment(webhookUrl: string): string {
  const hash = webhookUrl.indexOf("#");
  return hash < 0 ? webhookUrl : webhookUrl.slice(0, hash);
}
