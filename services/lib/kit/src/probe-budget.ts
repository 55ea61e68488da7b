/**
 * How long a probe (`/readyz`) or a scrape (`/metrics`) waits for a dependency (NATS, Postgres).
 * k8s gives a probe 3 s (deploy/k8s) and Prometheus a whole scrape 10 s; nats.js waits 5 s for a
 * request, and a server that is frozen or cut off answers nothing. Without a bound the projector's
 * scrape, asking each held partition's consumer in turn, took 80 s and every metric was lost
 * exactly when NATS was the trouble, and the ingress's `/readyz` outlasted its probe.
 */
export const PROBE_BUDGET_MS = 2_000;

/**
 * What `asking` (a request to a dependency) gives if it answers within `budgetMs`, or why it does
 * not: its error's message, or that it was later. A late request is not cancelled: it ends on its
 * own, unheard.
 */
export async function answeredWithin<T>(
  asking: Promise<T>,
  budgetMs: number,
): Promise<{ value: T } | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(resolve, budgetMs, { error: `no answer within ${budgetMs / 1000} s` });
  });
  try {
    return await Promise.race([
      asking.then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `asking` gives if it answers within the probe's budget; undefined if it fails or is later. */
export async function answeredWithinProbe<T>(asking: Promise<T>): Promise<T | undefined> {
  const answer = await answeredWithin(asking, PROBE_BUDGET_MS);
  return "value" in answer ? answer.value : undefined;
}
