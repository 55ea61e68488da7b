import { isUuid, parseEventSubject } from "@cloudpa/contracts";
import type { Paint } from "./terminal-style.js";

/** Who set a message aside: the projector (an event, row in `quarantine`) or the outbound (a command, KV record). */
export type QuarantineSource = "projector" | "outbound";
export const QUARANTINE_SOURCES: readonly QuarantineSource[] = ["projector", "outbound"];

/** One quarantined message as the operator sees it, whichever part kept it. */
export interface QuarantineItem {
  /** `projector:<events seq>` or `outbound:<commands seq>`: what `show` and `retry` take. */
  id: string;
  source: QuarantineSource;
  /** When it was set aside (the projector keeps the time the event was stored). */
  at: string;
  reasonCode: string;
  reason: string;
  orgId: string | null;
  stream: string;
  seq: number;
  subject: string;
  commandId: string | null;
  /** `retried`: the outbound's command was published again (the projector's row is removed instead). */
  status: "quarantined" | "retried";
  retriedAt?: string;
  retriedAsSeq?: number;
  /** The stored bytes, base64, and as text. */
  payload: string;
  payloadText: string;
  headers?: Record<string, string[]>;
}

/** What `retry` did with one item. */
export type RetryResult =
  | { id: string; outcome: "applied" | "republished"; detail: string }
  | { id: string; outcome: "still_failing"; reasonCode: string; reason: string }
  | { id: string; outcome: "skipped"; detail: string };

/**
 * `list`'s order, newest first. Times are kept to the millisecond, so two events stored within one
 * tie: the later of a stream (its higher sequence) comes first, and the projector's before the
 * outbound's, whose sequences count another stream.
 */
export function newestFirst(a: QuarantineItem, b: QuarantineItem): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.source !== b.source) return a.source === "projector" ? -1 : 1;
  return b.seq - a.seq;
}

export function quarantineIdOf(source: QuarantineSource, seq: number): string {
  return `${source}:${seq}`;
}

/** Parses `projector:12` / `outbound:34`; undefined for anything else. */
export function parseQuarantineId(id: string): { source: QuarantineSource; seq: number } | undefined {
  const match = /^(projector|outbound):([1-9][0-9]{0,15})$/.exec(id);
  if (!match) return undefined;
  const seq = Number(match[2]);
  return Number.isSafeInteger(seq) ? { source: match[1] as QuarantineSource, seq } : undefined;
}

/** The org an event subject names (`<ns>.evt.p<k>.<orgId>.…`, or without `p<k>` from before partitions), or null. */
export function orgIdOfEventSubject(subject: string): string | null {
  const orgId = parseEventSubject(subject)?.orgId;
  return orgId !== undefined && isUuid(orgId) ? orgId : null;
}

/** The payload as text when it is UTF-8, otherwise a note that it is binary (base64 is in `payload`). */
export function payloadTextOf(payload: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(payload);
  } catch {
    return `(not UTF-8: ${payload.length} bytes, base64 in payload)`;
  }
}

const short = (value: string | null) => (value ? value.slice(0, 8) : "-");

/** One line per item, newest first as given: id, source, when, reason, org, seq or commandId. */
export function formatQuarantineList(items: QuarantineItem[], paint: Paint): string {
  if (items.length === 0) return "nothing is quarantined";
  const rows = items.map((item) => [
    item.id,
    item.source,
    item.at.replace("T", " ").slice(0, 19),
    item.status === "retried" ? `${item.reasonCode} (retried)` : item.reasonCode,
    short(item.orgId),
    item.source === "outbound" ? `cmd ${short(item.commandId)}` : `seq ${item.seq}`,
  ]);
  const header = ["ID", "SOURCE", "WHEN (UTC)", "REASON", "ORG", "SEQ/COMMAND"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const waiting = items.filter((item) => item.status === "quarantined").length;
  return [
    paint("dim", line(header)),
    ...rows.map((row, at) => {
      const text = line(row);
      return items[at]?.status === "retried" ? paint("dim", text) : text;
    }),
    `${items.length} in quarantine, ${waiting} waiting for a retry`,
  ].join("\n");
}

/** Everything about one item. */
export function formatQuarantineItem(item: QuarantineItem, paint: Paint): string {
  const lines = [
    `${item.id}  ${item.status === "retried" ? paint("green", "retried") : paint("yellow", "quarantined")}`,
    `  source:     ${item.source}`,
    `  at:         ${item.at}`,
    `  reason:     ${paint("red", item.reasonCode)} ${item.reason}`,
    `  org:        ${item.orgId ?? "-"}`,
    `  stream:     ${item.stream} seq ${item.seq}`,
    `  subject:    ${item.subject}`,
  ];
  if (item.source === "outbound") lines.push(`  commandId:  ${item.commandId ?? "- (not readable)"}`);
  if (item.retriedAt) lines.push(`  retried:    ${item.retriedAt} as seq ${item.retriedAsSeq ?? "?"}`);
  for (const [name, values] of Object.entries(item.headers ?? {}))
    lines.push(`  header:     ${name}: ${values.join(", ")}`);
  lines.push("  payload:", `    ${item.payloadText}`);
  return lines.join("\n");
}

/** One line per retried item, then the summary line the command ends with. */
export function formatRetryResults(results: RetryResult[], paint: Paint): string {
  const lines = results.map((result) => {
    switch (result.outcome) {
      case "applied":
      case "republished":
        return `${result.id}: ${paint("green", result.outcome)} ${result.detail}`;
      case "still_failing":
        return `${result.id}: ${paint("red", "still failing")} ${result.reasonCode} ${result.reason} (kept in quarantine)`;
      case "skipped":
        return `${result.id}: ${paint("dim", "skipped")} ${result.detail}`;
      default: {
        const never: never = result;
        return never;
      }
    }
  });
  const count = (outcome: RetryResult["outcome"]) => results.filter((result) => result.outcome === outcome).length;
  lines.push(
    `retried ${results.length}: ${count("applied")} applied, ${count("republished")} republished, ` +
      `${count("still_failing")} still failing, ${count("skipped")} skipped`,
  );
  return lines.join("\n");
}
