import {
  commandIdOfPayload,
  orgIdOfCommandSubject,
  type QuarantinedCommand,
  quarantinedCommandKeyOf,
} from "@cloudpa/contracts";
import type { KV } from "@nats-io/kv";

/** What the consumer knows of a delivered command it cannot trust. */
export interface RefusedDelivery {
  stream: string;
  seq: number;
  subject: string;
  data: Uint8Array;
  headers: Iterable<[string, string[]]> | undefined;
  storedAt: Date;
}

/**
 * The record kept for a refused command: where it was, why, and its exact bytes and headers, so
 * that the operator's retry can publish the very message the web signed. The org comes from the
 * subject (the payload is untrusted), the commandId from the payload when it is readable.
 */
export function quarantinedCommandOf(
  delivery: RefusedDelivery,
  refusal: { code: string; reason: string },
  now: Date,
): QuarantinedCommand {
  const headers: Record<string, string[]> = {};
  for (const [name, values] of delivery.headers ?? []) headers[name] = [...values];
  return {
    stream: delivery.stream,
    seq: delivery.seq,
    subject: delivery.subject,
    orgId: orgIdOfCommandSubject(delivery.subject),
    commandId: commandIdOfPayload(delivery.data),
    reasonCode: refusal.code,
    reason: refusal.reason,
    payload: Buffer.from(delivery.data).toString("base64"),
    headers,
    storedAt: delivery.storedAt.toISOString(),
    quarantinedAt: now.toISOString(),
    status: "quarantined",
  };
}

/**
 * The commands the outbound set aside (KV bucket `<ns>-outbound-quarantine`, key
 * `<orgId>.<stream sequence>`), read and retried by `npm run cloudpa -- quarantine`.
 */
export class CommandQuarantine {
  constructor(private readonly kv: KV) {}

  /** Keeps the record; a redelivery of the same command writes the same key again. */
  async keep(record: QuarantinedCommand): Promise<string> {
    const key = quarantinedCommandKeyOf(record);
    await this.kv.put(key, JSON.stringify(record));
    return key;
  }
}
