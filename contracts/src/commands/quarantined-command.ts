import { z } from "zod";
import { isoTimestamp, isUuid } from "../events/common.js";

/** Set aside (`quarantined`), or handed back to the outbound once its cause was fixed (`retried`). */
export const quarantinedCommandStatusSchema = z.enum(["quarantined", "retried"]);

/**
 * A command from COMMANDS that the outbound could not trust (its envelope failed verification),
 * kept in the KV bucket `<ns>-outbound-quarantine` with its exact bytes and headers, so an
 * operator can read it and, once the cause is fixed, publish it again (`cloudpa quarantine retry`).
 * Written by the outbound, read and updated by the operator CLI.
 */
export const quarantinedCommandSchema = z.object({
  stream: z.string(),
  /** Its sequence in COMMANDS (the message itself is gone: the outbound terminated it). */
  seq: z.number().int().positive(),
  subject: z.string(),
  /** From the subject, when it names one (`<ns>.cmd.<orgId>.send_reply`). */
  orgId: z.string().nullable(),
  /** From the payload, when it holds a readable one: what makes a retry idempotent. */
  commandId: z.string().nullable(),
  reasonCode: z.string(),
  reason: z.string(),
  /** The stored bytes, base64: a retry publishes exactly these (the signature covers them). */
  payload: z.string(),
  headers: z.record(z.string(), z.array(z.string())),
  /** When JetStream stored the command. */
  storedAt: isoTimestamp,
  quarantinedAt: isoTimestamp,
  status: quarantinedCommandStatusSchema,
  retriedAt: isoTimestamp.optional(),
  /** Where the retried copy was stored in COMMANDS. */
  retriedAsSeq: z.number().int().positive().optional(),
});
export type QuarantinedCommand = z.infer<typeof quarantinedCommandSchema>;

/** The key of a kept command: its org (`no-org` when the subject names none) and its sequence. */
export function quarantinedCommandKeyOf(record: { orgId: string | null; seq: number }): string {
  return `${record.orgId ?? "no-org"}.${record.seq}`;
}

/**
 * The org a command subject names (`<ns>.cmd.<orgId>.send_reply`), or null when that token is
 * not an org id (a subject no producer of ours would write).
 */
export function orgIdOfCommandSubject(subject: string): string | null {
  const tokens = subject.split(".");
  const orgId = tokens[tokens.length - 2];
  return tokens[tokens.length - 3] === "cmd" && isUuid(orgId) ? orgId : null;
}

/** The commandId a payload holds, if it is JSON with a UUID there (it may be anything: it failed verification). */
export function commandIdOfPayload(payload: Uint8Array): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload).toString("utf8"));
    const commandId = (parsed as { commandId?: unknown } | null)?.commandId;
    return isUuid(commandId) ? commandId : null;
  } catch {
    return null;
  }
}
