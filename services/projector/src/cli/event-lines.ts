import type { Keyring } from "@cloudpa/contracts";
import {
  type CheckedEvent,
  eventSummaryOf,
  type SignatureCheck,
  shortId,
  subjectPartsOf,
  typeOf,
} from "@cloudpa/read-model";
import type { Paint } from "./terminal-style.js";

const TYPE_WIDTH = 22;

/** `2026-12-02 03:35:22`: the stored time in UTC, to the second. */
export function timeOf(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function signatureMark(signature: SignatureCheck, paint: Paint): string {
  return signature.valid ? paint("green", `✓ ${signature.keyId}`) : paint("red", `✗ ${signature.code}`);
}

/** One event on one line: sequence, time, type, org and conversation (short), what it says, its signature. */
export function eventLine(checked: CheckedEvent, paint: Paint): string {
  const { orgId, about } = subjectPartsOf(checked.subject);
  const where = about.includes(" ") ? `${about.split(" ")[0]} ${shortId(about.split(" ")[1] ?? "")}` : shortId(about);
  const type = typeOf(checked);
  const summary = checked.event
    ? eventSummaryOf(checked.event)
    : checked.signature.valid
      ? ""
      : checked.signature.reason;
  return [
    paint("bold", `#${checked.seq}`),
    paint("dim", timeOf(checked.storedAt)),
    paint(checked.event ? "cyan" : "red", type.padEnd(TYPE_WIDTH)),
    paint("dim", `org ${shortId(orgId)} ${where}`),
    summary,
    signatureMark(checked.signature, paint),
  ].join("  ");
}

/** The signature check in words: which key vouched and what it may sign, or why the event is not trusted. */
export function signatureText(signature: SignatureCheck, keyring: Keyring): string {
  if (signature.valid) {
    const types = [...(keyring.get(signature.keyId)?.types ?? [])].join(", ");
    return `valid: signed by key ${signature.keyId} (may sign ${types})`;
  }
  const key = signature.keyId ? ` (key ${signature.keyId})` : "";
  return `NOT valid${key}: ${signature.code}: ${signature.reason}`;
}

/** One event in full: where it is stored, its headers, its envelope fields, its payload, its signature check. */
export function eventDetail(checked: CheckedEvent, keyring: Keyring, paint: Paint): string {
  const label = (text: string) => paint("bold", text.padEnd(10));
  const lines = [
    `${label("event")}#${checked.seq}  ${paint("cyan", typeOf(checked))}`,
    `${label("subject")}${checked.subject}`,
    `${label("stored")}${checked.storedAt}`,
    `${label("signature")}${paint(checked.signature.valid ? "green" : "red", signatureText(checked.signature, keyring))}`,
  ];
  if (checked.event) {
    const { type, version, eventId, orgId, occurredAt } = checked.event;
    lines.push(label("envelope"));
    for (const [name, value] of Object.entries({ type, version, eventId, orgId, occurredAt })) {
      lines.push(`  ${name}: ${value}`);
    }
    lines.push(`${label("summary")}${eventSummaryOf(checked.event)}`);
  }
  lines.push(label("headers"));
  for (const [name, value] of Object.entries(checked.headers)) lines.push(`  ${name}: ${value}`);
  lines.push(label(checked.event ? "payload" : "payload (untrusted)"));
  const payload = typeof checked.payload === "string" ? checked.payload : JSON.stringify(checked.payload, null, 2);
  for (const line of payload.split("\n")) lines.push(`  ${line}`);
  return lines.map((line) => line.trimEnd()).join("\n");
}
