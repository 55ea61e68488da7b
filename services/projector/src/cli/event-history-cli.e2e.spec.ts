import { once } from "node:events";
import { HEADER_KEY_ID, HEADER_SIGNATURE, signMessage, subjectOf } from "@cloudpa/contracts";
import { eventFactory } from "@cloudpa/read-model/testing";
import { startNode, testbed, waitFor } from "@cloudpa/testkit";
import { headers } from "@nats-io/transport-node";
import { beforeAll, describe, expect, it } from "vitest";
import { appendEvents, buildProjector, processEnvFor, runCli } from "../testing/projector-harness.js";

const f = eventFactory();

/** `cloudpa events tail` as a process, its output collected as it comes. */
function startTail(args: string[], env: Record<string, string>) {
  const { child, output } = startNode("services/projector/dist/cli.js", ["events", "tail", ...args], env);
  return {
    output,
    async interrupt() {
      const closed = once(child, "close");
      child.kill("SIGINT");
      const [code] = (await closed) as [number | null];
      return code;
    },
  };
}

describe("the event history commands (node services/projector/dist/cli.js)", () => {
  const bed = testbed();
  let env: Record<string, string>;
  const conversationId = f.conversationOf(1);
  let forgedSeq = 0;

  beforeAll(async () => {
    await buildProjector();
    const { nats, db, keys } = bed;
    env = {
      ...processEnvFor(nats, db.url, keys),
      // The CLI's own .env must not leak into the test's configuration.
      CLOUDPA_ENV_FILE: "/nonexistent/.env",
    };
    expect((await runCli(["migrate"], env)).status).toBe(0);
    await appendEvents(nats, keys, [f.connected(0), f.inbound(1, 1, 10), f.inbound(2, 2, 11), f.read(1, 20)]);
    const forged = f.inbound(3, 1, 30, { body: "pay here" });
    const signed = signMessage(forged, keys.signing.ingress);
    const hdrs = headers();
    hdrs.set(HEADER_KEY_ID, "ingress-test");
    hdrs.set(HEADER_SIGNATURE, Buffer.alloc(64).toString("base64"));
    forgedSeq = (await nats.js.publish(subjectOf(nats.names, forged), signed.data, { headers: hdrs })).seq;
    expect((await runCli(["rebuild"], env)).status).toBe(0);
  }, 300_000);
  it("shows one event in full with which key signed it, or why its signature fails", async () => {
    const { nats } = bed;
    const shown = await runCli(["events", "show", "2"], env);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain("signature valid: signed by key ingress-test");
    expect(shown.stdout).toContain(`subject   ${subjectOf(nats.names, f.inbound(1, 1, 10))}`);

    const json = await runCli(["events", "show", String(forgedSeq), "--json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      seq: forgedSeq,
      event: null,
      signature: { valid: false, keyId: "ingress-test", code: "ENVELOPE.BAD_SIGNATURE" },
      payload: { body: "pay here" },
    });
    expect(await runCli(["events", "show", "999"], env)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("no event #999"),
    });
  }, 60_000);

  it("lists a conversation's events with the row each produced, as text and as JSON", async () => {
    const { nats } = bed;
    const text = await runCli(["conversation", "history", conversationId], env);
    expect(text.status).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      `conversation ${conversationId} (any org): 3 events in ${nats.names.eventsStream}, read model at ${forgedSeq}`,
    );
    expect(lines[1]).toMatch(
      /^#2 {2}\S+ \S+ {2}InboundMessageReceived +org [0-9a-f]{8} [0-9a-f]{8} {2}from whatsapp:\+15550000001 .*✓ ingress-test$/,
    );
    expect(lines[2]).toMatch(/^ +→ message [0-9a-f]{8} inbound received/);
    expect(lines).toContain(
      `      ✗ quarantined ENVELOPE.BAD_SIGNATURE: signature by "ingress-test" does not match the payload`,
    );
    expect(lines.at(-1)).toMatch(
      /^now {2}org .*: conversation [0-9a-f]{8} with Customer 1 \(whatsapp:\+15550000001\), open, 0 unread/,
    );
    // Not a terminal: no colours, and no progress bar unless asked.
    expect(text.stdout).not.toContain("\x1b[");
    expect(text.stderr).toBe("");

    const json = await runCli(["conversation", "history", conversationId, "--org", f.orgId, "--json"], env);
    const history = JSON.parse(json.stdout);
    expect(history.entries.map((entry: { seq: number }) => entry.seq)).toEqual([2, 4, forgedSeq]);
    expect(history.entries[0]).toMatchObject({ row: { table: "message" }, projected: true, quarantine: null });
    expect(history.conversations).toMatchObject([{ id: conversationId, unreadCount: 0 }]);

    const progress = await runCli(["conversation", "history", conversationId, "--progress"], env);
    expect(progress.stderr).toContain("history |");
  }, 60_000);

  it("follows the stream live, filtered, until Ctrl-C, one JSON object per line", async () => {
    const { nats, keys } = bed;
    const tail = startTail(["--conversation", conversationId, "--json"], env);
    // The exit code is checked after the finally: asserting inside it would replace a waitFor's
    // own failure (the real cause) with the exit code of a tail interrupted before it was ready.
    let tailExit: number | null;
    try {
      await waitFor(() => tail.output.stderr.includes("following"), { what: "the tail to follow the stream" });
      await appendEvents(nats, keys, [f.inbound(5, 2, 50), f.inbound(6, 1, 60)]);
      await waitFor(() => tail.output.stdout.includes("\n"), { what: "the tail to print the new event" });
    } finally {
      tailExit = await tail.interrupt();
    }
    expect(tailExit).toBe(0);
    const lines = tail.output.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      event: { type: "InboundMessageReceived", messageSid: f.sid("SM", 6) },
      signature: { valid: true, keyId: "ingress-test" },
    });

    const fromStart = startTail(["--from-seq", "1", "--type", "InboundMessageReceived"], env);
    let fromStartExit: number | null;
    try {
      await waitFor(() => fromStart.output.stderr.includes("following"), { what: "the second tail to start" });
      await waitFor(() => fromStart.output.stdout.split("\n").length > 5, { what: "the earlier inbound events" });
    } finally {
      fromStartExit = await fromStart.interrupt();
    }
    expect(fromStartExit).toBe(0);
    const shown = fromStart.output.stdout.trimEnd().split("\n");
    expect(shown.map((line) => line.split("  ")[0])).toEqual(["#2", "#3", `#${forgedSeq}`, "#6", "#7"]);
    expect(shown[2]).toMatch(/InboundMessageReceived\? .*✗ ENVELOPE.BAD_SIGNATURE$/);
    expect(fromStart.output.stderr).toMatch(/stopped after 5 events/);
  }, 60_000);

  it("refuses bad usage with exit code 2", async () => {
    expect((await runCli(["events", "tail", "--org", "everyone"], env)).status).toBe(2);
    expect((await runCli(["events", "tail", "--type", "Nonsense"], env)).status).toBe(2);
    expect((await runCli(["conversation", "history", "not-an-id"], env)).status).toBe(2);
    expect((await runCli(["events", "show"], env)).status).toBe(2);
  }, 60_000);
});
