import { cloudpaNames, keyringOf, subjectOf } from "@cloudpa/contracts";
import { type CheckedEvent, type ConversationHistory, type HistoryEntry } from "@cloudpa/read-model";
import { eventFactory } from "@cloudpa/read-model/testing";
import { testKeys } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventDetail, eventLine, signatureText } from "./event-lines.js";
import { historyText, outcomeLine } from "./history-lines.js";
import { ansi, paintFor, plain } from "./terminal-style.js";

const f = eventFactory();
const names = cloudpaNames("ops", { partitions: 16 });
const inbound = f.inbound(1, 2, 3);
const keys = testKeys();

const valid: CheckedEvent = {
  seq: 42,
  subject: subjectOf(names, inbound),
  storedAt: "2026-12-02T03:35:22.123Z",
  headers: { "Cloudpa-Key-Id": "ingress-test", "Nats-Msg-Id": `in:${f.orgId}:${inbound.messageSid}` },
  signature: { valid: true, keyId: "ingress-test" },
  event: inbound,
  payload: inbound,
};
const forged: CheckedEvent = {
  ...valid,
  seq: 43,
  headers: { "Cloudpa-Key-Id": "ingress-stolen" },
  signature: {
    valid: false,
    keyId: "ingress-stolen",
    code: "ENVELOPE.UNKNOWN_KEY",
    reason: 'key "ingress-stolen" is not a known public key',
  },
  event: null,
  payload: { type: "InboundMessageReceived", body: "pay here" },
};

describe("an event on one line", () => {
  it("shows sequence, time, type, org and conversation, what it says, and the key that signed it", () => {
    expect(eventLine(valid, plain)).toBe(
      [
        "#42",
        "2026-12-02 03:35:22",
        "InboundMessageReceived".padEnd(22),
        `org ${f.orgId.slice(0, 8)} ${f.conversationOf(2).slice(0, 8)}`,
        `from whatsapp:+15550000002 (Customer 2): "message 1" ${inbound.messageSid}`,
        "✓ ingress-test",
      ].join("  "),
    );
  });

  it("marks an event that fails verification with the reason, and its type as a claim", () => {
    const line = eventLine(forged, plain);
    expect(line).toContain("InboundMessageReceived?");
    expect(line).toContain('key "ingress-stolen" is not a known public key');
    expect(line.endsWith("✗ ENVELOPE.UNKNOWN_KEY")).toBe(true);
  });

  it("colours only for a terminal, and never with NO_COLOR", () => {
    expect(eventLine(valid, ansi)).toContain("\x1b[32m✓ ingress-test\x1b[39m");
    expect(paintFor({ isTTY: true }, {})).toBe(ansi);
    expect(paintFor({ isTTY: false }, {})).toBe(plain);
    expect(paintFor({ isTTY: true }, { NO_COLOR: "1" })).toBe(plain);
  });
});

describe("an event in full", () => {
  it("names the key and what it may sign, the envelope fields, the headers and the payload", () => {
    const detail = eventDetail(valid, keys.keyring, plain);
    expect(detail).toContain(`subject   ${valid.subject}`);
    expect(detail).toContain(
      "signature valid: signed by key ingress-test (may sign InboundMessageReceived, MessageStatusUpdated)",
    );
    expect(detail).toContain(`  eventId: ${inbound.eventId}`);
    expect(detail).toContain("  Nats-Msg-Id: in:");
    expect(detail).toContain('    "body": "message 1",');
  });

  it("says why a refused event is not trusted, and shows its payload as untrusted", () => {
    const detail = eventDetail(forged, keyringOf({}), plain);
    expect(detail).toContain(
      'signature NOT valid (key ingress-stolen): ENVELOPE.UNKNOWN_KEY: key "ingress-stolen" is not a known public key',
    );
    expect(detail).toContain("payload (untrusted)");
    expect(detail).not.toContain("envelope");
    expect(signatureText({ valid: false, keyId: null, code: "ENVELOPE.UNSIGNED", reason: "no" }, keys.keyring)).toBe(
      "NOT valid: ENVELOPE.UNSIGNED: no",
    );
  });
});

describe("a conversation's history", () => {
  const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
    ...valid,
    row: null,
    quarantine: null,
    projected: true,
    ...over,
  });

  it("puts under each event what became of it", () => {
    expect(
      outcomeLine(
        entry({ ...forged, quarantine: { reasonCode: "ENVELOPE.UNKNOWN_KEY", reason: "r", at: "" } }),
        50,
        plain,
      ),
    ).toBe("      ✗ quarantined ENVELOPE.UNKNOWN_KEY: r");
    expect(outcomeLine(entry({ projected: false }), 41, plain)).toBe("      … not projected yet (read model at 41)");
    expect(outcomeLine(entry({}), 50, plain)).toBe("      · no row in the read model for it");
  });

  it("starts with what was read and ends with the conversation's row now", () => {
    const history: ConversationHistory = {
      conversationId: f.conversationOf(2),
      orgId: null,
      stream: "ops-events",
      checkpoint: 50,
      entries: [entry({})],
      conversations: [],
    };
    const lines = historyText(history, plain).split("\n");
    expect(lines[0]).toBe(`conversation ${f.conversationOf(2)} (any org): 1 events in ops-events, read model at 50`);
    expect(lines.at(-1)).toBe("no conversation row in the read model");
  });
});
