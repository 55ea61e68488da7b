import { describe, expect, it } from "vitest";
import {
  formatQuarantineItem,
  formatQuarantineList,
  formatRetryResults,
  newestFirst,
  orgIdOfEventSubject,
  parseQuarantineId,
  payloadTextOf,
  type QuarantineItem,
} from "./quarantine-format.js";
import { ansi, plain } from "./terminal-style.js";

const orgId = "0b6f3a52-8d7e-4c1a-9f1e-2f5a9d7c4b10";
const commandId = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";

const projectorItem: QuarantineItem = {
  id: "projector:12",
  source: "projector",
  at: "2026-12-02T03:00:00.000Z",
  reasonCode: "ENVELOPE.UNKNOWN_KEY",
  reason: 'key "ingress-1" is not a known public key',
  orgId,
  stream: "cloudpa-events",
  seq: 12,
  subject: `cloudpa.evt.${orgId}.conv.inbound_received`,
  commandId: null,
  status: "quarantined",
  payload: Buffer.from('{"type":"InboundMessageReceived"}').toString("base64"),
  payloadText: '{"type":"InboundMessageReceived"}',
};
const outboundItem: QuarantineItem = {
  ...projectorItem,
  id: "outbound:3",
  source: "outbound",
  at: "2026-12-02T04:00:00.000Z",
  stream: "cloudpa-commands",
  seq: 3,
  subject: `cloudpa.cmd.${orgId}.send_reply`,
  commandId,
  status: "retried",
  retriedAt: "2026-12-02T04:10:00.000Z",
  retriedAsSeq: 9,
  headers: { "Cloudpa-Key-Id": ["web-1"] },
};

describe("quarantine ids", () => {
  it("reads the ids list prints, and nothing else", () => {
    expect(parseQuarantineId("projector:12")).toEqual({ source: "projector", seq: 12 });
    expect(parseQuarantineId("outbound:3")).toEqual({ source: "outbound", seq: 3 });
    for (const bad of ["12", "projector:0", "projector:-1", "inbox:3", "outbound:3x", "outbound:99999999999999999"]) {
      expect(parseQuarantineId(bad), bad).toBeUndefined();
    }
  });

  it("takes the org from an event subject only when it is an org id", () => {
    expect(orgIdOfEventSubject(projectorItem.subject)).toBe(orgId);
    expect(orgIdOfEventSubject(`cloudpa.evt.p7.${orgId}.conv.inbound_received`)).toBe(orgId);
    expect(orgIdOfEventSubject(`cloudpa.evt.p7.${orgId}.channel.ch.channel_connected`)).toBe(orgId);
    expect(orgIdOfEventSubject("cloudpa.evt.x.conv.inbound_received")).toBeNull();
    expect(orgIdOfEventSubject("cloudpa.evt.p7.x.conv.inbound_received")).toBeNull();
    expect(orgIdOfEventSubject(`cloudpa.cmd.${orgId}.send_reply`)).toBeNull();
  });

  it("shows a payload as text when it is UTF-8 and says so when it is not", () => {
    expect(payloadTextOf(Buffer.from("{}"))).toBe("{}");
    expect(payloadTextOf(Uint8Array.from([0xff, 0xfe]))).toBe("(not UTF-8: 2 bytes, base64 in payload)");
  });
});

describe("quarantine output", () => {
  it("lists one aligned line per item with id, source, when, reason, org and seq or commandId", () => {
    const text = formatQuarantineList([outboundItem, projectorItem], plain);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^ID\s+SOURCE\s+WHEN \(UTC\)\s+REASON\s+ORG\s+SEQ\/COMMAND$/);
    expect(lines[1]).toMatch(
      /^outbound:3\s+outbound\s+2026-12-02 04:00:00\s+ENVELOPE\.UNKNOWN_KEY \(retried\)\s+0b6f3a52\s+cmd 6f1c2d3e$/,
    );
    expect(lines[2]).toMatch(
      /^projector:12\s+projector\s+2026-12-02 03:00:00\s+ENVELOPE\.UNKNOWN_KEY\s+0b6f3a52\s+seq 12$/,
    );
    expect(lines[1]?.indexOf("outbound ")).toBe(lines[2]?.indexOf("projector "));
    expect(lines[3]).toBe("2 in quarantine, 1 waiting for a retry");
    expect(formatQuarantineList([], plain)).toBe("nothing is quarantined");
  });

  it("colours only when asked: retried lines dim, reasons red", () => {
    expect(formatQuarantineList([projectorItem], plain)).not.toContain("\x1b[");
    expect(formatQuarantineList([outboundItem], ansi)).toContain("\x1b[2moutbound:3");
    expect(formatQuarantineItem(projectorItem, ansi)).toContain("\x1b[31mENVELOPE.UNKNOWN_KEY");
  });

  it("shows one item in full: where, why, headers, the retry and the payload", () => {
    const text = formatQuarantineItem(outboundItem, plain);
    expect(text).toContain("outbound:3  retried");
    expect(text).toContain(`  commandId:  ${commandId}`);
    expect(text).toContain("  stream:     cloudpa-commands seq 3");
    expect(text).toContain("  retried:    2026-12-02T04:10:00.000Z as seq 9");
    expect(text).toContain("  header:     Cloudpa-Key-Id: web-1");
    expect(text).toContain('    {"type":"InboundMessageReceived"}');
    expect(formatQuarantineItem(projectorItem, plain)).not.toContain("commandId");
  });

  it("reports each retry and sums them up", () => {
    const text = formatRetryResults(
      [
        { id: "projector:12", outcome: "applied", detail: "projected" },
        { id: "outbound:3", outcome: "republished", detail: "as seq 9" },
        { id: "projector:13", outcome: "still_failing", reasonCode: "ENVELOPE.UNKNOWN_KEY", reason: "no key" },
        { id: "outbound:4", outcome: "skipped", detail: "already retried" },
      ],
      plain,
    );
    expect(text.split("\n")).toEqual([
      "projector:12: applied projected",
      "outbound:3: republished as seq 9",
      "projector:13: still failing ENVELOPE.UNKNOWN_KEY no key (kept in quarantine)",
      "outbound:4: skipped already retried",
      "retried 4: 1 applied, 1 republished, 1 still failing, 1 skipped",
    ]);
  });
});

describe("the order of quarantine list", () => {
  const item = (source: "projector" | "outbound", seq: number, at: string): QuarantineItem => ({
    ...projectorItem,
    id: `${source}:${seq}`,
    source,
    seq,
    at,
  });
  const ids = (items: QuarantineItem[]) => [...items].sort(newestFirst).map((one) => one.id);

  it("puts the newest first", () => {
    expect(
      ids([item("projector", 1, "2026-12-02T03:00:00.000Z"), item("projector", 2, "2026-12-02T03:00:01.000Z")]),
    ).toEqual(["projector:2", "projector:1"]);
  });

  it("puts the later of one stream first when two were stored in the same millisecond, 10 after 9 as numbers", () => {
    const at = "2026-12-02T03:00:00.000Z";
    expect(ids([item("projector", 1, at), item("projector", 2, at)])).toEqual(["projector:2", "projector:1"]);
    expect(ids([item("projector", 9, at), item("projector", 10, at)])).toEqual(["projector:10", "projector:9"]);
    expect(ids([item("outbound", 50, at), item("projector", 3, at)])).toEqual(["projector:3", "outbound:50"]);
  });
});
