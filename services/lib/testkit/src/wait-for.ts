/**
 * Thrown by a probe when waiting longer cannot help (the process it waits for has exited): the
 * wait fails at once with it instead of polling until its timeout.
 */
export class WaitingCannotSucceed extends Error {}

/**
 * Polls until `probe` returns a value other than undefined/false, or fails after `timeoutMs`. A
 * probe's error is retried (the last one is the timeout's cause), except `WaitingCannotSucceed`.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 50, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof WaitingCannotSucceed) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
}
