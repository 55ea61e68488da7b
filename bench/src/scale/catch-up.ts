import { sleep } from "../infra/bench-env.js";
import type { ServiceProcess } from "../infra/service-process.js";
import { assertRunning } from "./projector-instances.js";
import type { ReadModelProgress } from "./read-model-progress.js";

/** When the read model's message count first moved and when it reached `expected` (performance.now()). */
export interface CatchUp {
  firstRowAt: number;
  doneAt: number;
}

/**
 * Polls the message count until it reaches `expected`, every `pollMs` (a failed poll is tried
 * again); fails if an instance (other than `killed`) exits or the time runs out.
 */
export async function waitForMessages(
  progress: ReadModelProgress,
  expected: number,
  instances: readonly ServiceProcess[],
  options: { timeoutMs: number; pollMs: number; killed?: ServiceProcess; from?: number },
): Promise<CatchUp> {
  const from = options.from ?? 0;
  const deadline = performance.now() + options.timeoutMs;
  let firstRowAt: number | undefined;
  let seen = from;
  let lastError: unknown;
  while (performance.now() < deadline) {
    try {
      seen = await progress.messages();
    } catch (error) {
      // A connection the server ended: the poller opens another one on the next query.
      lastError = error;
      await sleep(options.pollMs);
      continue;
    }
    const now = performance.now();
    if (seen > from && firstRowAt === undefined) firstRowAt = now;
    if (seen >= expected) return { firstRowAt: firstRowAt ?? now, doneAt: now };
    assertRunning(instances, options.killed);
    await sleep(options.pollMs);
  }
  throw new Error(
    `the read model had ${seen} of ${expected} messages after ${options.timeoutMs} ms${
      lastError ? ` (last poll error: ${String(lastError)})` : ""
    }:\n${instances.map((instance) => instance.tail().split("\n").slice(-5).join("\n")).join("\n---\n")}`,
  );
}
