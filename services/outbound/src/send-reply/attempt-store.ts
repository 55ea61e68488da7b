import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { type KV } from "@nats-io/kv";
import { z } from "zod";

/**
 * Where one command's send stands. `sending`: a call to Twilio started and its answer is not
 * recorded (a crash, or still running). `not_sent`: Twilio did not take it (sending again is
 * safe). `in_doubt`: no answer (a timeout): look it up before sending again. `settled`: the
 * outcome event is appended.
 */
export const attemptPhaseSchema = z.enum(["sending", "not_sent", "in_doubt", "settled"]);
export type AttemptPhase = z.infer<typeof attemptPhaseSchema>;

export const attemptSchema = z.object({
  commandId: z.string(),
  orgId: z.string(),
  conversationId: z.string(),
  phase: attemptPhaseSchema,
  /** When the latest call to Twilio started. */
  attemptedAt: z.string(),
  /** The process that made the latest call: another live process's call is not ours to resolve. */
  owner: z.string(),
  sends: z.number().int().nonnegative(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export interface StoredAttempt {
  attempt: Attempt;
  revision: number;
  /** The KV key it is stored under: later writes go to the same key. */
  key: string;
}

/**
 * An attempt's KV key: the org and the commandId, so no command of one org can read or block
 * another org's attempt (decision 006). KV keys take `.`, UUIDs need no escaping.
 */
export function attemptKeyOf(command: { orgId: string; commandId: string }): string {
  return `${command.orgId}.${command.commandId}`;
}

/** Someone else changed the attempt since it was read: the caller reads again rather than sending. */
export class AttemptConflictError extends Error {
  override name = "AttemptConflictError";
  readonly code = "ATTEMPT.CONFLICT";
}

/**
 * The outbound's record of each SendReply attempt (`<ns>-outbound-attempts`, key
 * `<orgId>.<commandId>`), written before Twilio is called. Every write is a compare-and-set on
 * the revision read, so two workers holding the same command cannot both send.
 */
export class AttemptStore {
  constructor(private readonly kv: KV) {}

  async get(command: { orgId: string; commandId: string }): Promise<StoredAttempt | undefined> {
    const stored = await this.read(attemptKeyOf(command));
    if (stored) return stored;
    // Attempts written before keys carried the org sit under the bare commandId (30 days at most):
    // one in flight during the upgrade is still found, and only by its own org.
    const legacy = await this.read(command.commandId);
    return legacy?.attempt.orgId === command.orgId ? legacy : undefined;
  }

  private async read(key: string): Promise<StoredAttempt | undefined> {
    const entry = await this.kv.get(key);
    if (entry?.operation !== "PUT") return undefined;
    return { attempt: attemptSchema.parse(entry.json()), revision: entry.revision, key };
  }

  /** Writes the attempt if it is still as `expected` was read (undefined: if there is none yet). */
  async write(attempt: Attempt, expected: StoredAttempt | undefined): Promise<StoredAttempt> {
    const data = JSON.stringify(attempt);
    const key = expected?.key ?? attemptKeyOf(attempt);
    try {
      const revision =
        expected === undefined ? await this.kv.create(key, data) : await this.kv.update(key, data, expected.revision);
      return { attempt, revision, key };
    } catch (error) {
      if (
        error instanceof JetStreamApiError &&
        (error.code === JetStreamApiCodes.StreamWrongLastSequence ||
          error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
      )
        throw new AttemptConflictError(`attempt of command ${attempt.commandId} changed meanwhile`, { cause: error });
      throw error;
    }
  }
}
