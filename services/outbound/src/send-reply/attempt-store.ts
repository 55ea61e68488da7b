import type { CloudpaNames } from "@cloudpa/contracts";
import { JetStreamApiCodes, JetStreamApiError, StorageType } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
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
}

/** Someone else changed the attempt since it was read: the caller reads again rather than sending. */
export class AttemptConflictError extends Error {
  override name = "AttemptConflictError";
  readonly code = "ATTEMPT.CONFLICT";
}

/** Attempts are kept this long: far longer than any redelivery of their command. */
const ATTEMPT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export async function openAttemptsBucket(
  nc: NatsConnection,
  names: CloudpaNames,
  options: { replicas: number },
): Promise<KV> {
  return new Kvm(nc).create(names.outboundAttemptsBucket, {
    history: 1,
    replicas: options.replicas,
    storage: StorageType.File,
    ttl: ATTEMPT_TTL_MS,
  });
}

/**
 * The outbound's record of each SendReply attempt (`<ns>-outbound-attempts`, key = commandId),
 * written before Twilio is called. Every write is a compare-and-set on the revision read, so
 * two workers holding the same command cannot both send.
 */
export class AttemptStore {
  constructor(private readonly kv: KV) {}

  async get(commandId: string): Promise<StoredAttempt | undefined> {
    const entry = await this.kv.get(commandId);
    if (entry?.operation !== "PUT") return undefined;
    return { attempt: attemptSchema.parse(entry.json()), revision: entry.revision };
  }

  /** Writes the attempt if it is still at `expectedRevision` (undefined: if there is none yet). */
  async write(attempt: Attempt, expectedRevision: number | undefined): Promise<StoredAttempt> {
    const data = JSON.stringify(attempt);
    try {
      const revision =
        expectedRevision === undefined
          ? await this.kv.create(attempt.commandId, data)
          : await this.kv.update(attempt.commandId, data, expectedRevision);
      return { attempt, revision };
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
