// Erasure end to end (docs/decisions/010): a nats-server of the test's own, so its store directory
// can be scanned; the projector and its rebuild CLI as processes (built dist); the web's erasure
// and export in process, through the API handlers.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CloudpaEvent,
  cloudpaNames,
  commandIdFor,
  contactIdFor,
  DEFAULT_EVENT_PARTITIONS,
  type QuarantinedCommand,
  quarantinedCommandKeyOf,
  type SendReply,
  signMessage,
} from "@cloudpa/contracts";
import { appendSigned, ensureStreams, MediaStore, nextStoredMessage } from "@cloudpa/kit";
import { READ_MODEL_SCHEMA, readCheckpoint } from "@cloudpa/read-model";
import { eventFactory } from "@cloudpa/read-model/testing";
import {
  ensureBuilt,
  freePort,
  signingKeyOf,
  type TestDatabase,
  type TestKeys,
  testDatabase,
  testKeys,
  uniqueName,
  waitFor,
} from "@cloudpa/testkit";
import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { createApiToken } from "#app/accounts/api-tokens.server.ts";
import { createWebContext, parseWebEnv, type WebContext } from "#app/web-context.server.ts";
import { migrateAll } from "#test/support/read-model-seed.ts";
import { webTestEnv } from "#test/support/web-env.ts";
import type { ContactExport } from "./contact-export.server.ts";
import { eraseContactResponse, exportContactResponse } from "./erasure-api.server.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const haveServer = spawnSync("nats-server", ["--version"]).status === 0;

const a = eventFactory(randomUUID());
const b = eventFactory(randomUUID());
/** The contact erased (org A), the one kept beside it (org A), and org B's customer. */
const ERASED = 4242;
const KEPT = 7;
const OTHER_ORG = 9;
const erasedNumber = a.customer(ERASED).replace("whatsapp:+", "");
const canary = `canary-${randomBytes(6).toString("hex")}`;
const texts = {
  inbound: `${canary}-inbound: the address is 12 Elm Street`,
  reply: `${canary}-reply: see you at Elm Street`,
  failed: `${canary}-failed reply`,
  command: `${canary}-queued reply`,
  quarantined: `${canary}-unsigned event`,
  quarantinedCommand: `${canary}-quarantined command`,
};
/** Stored files (decision 021): the erased contact's kept photo and the file sent to them, and the kept contact's photo. */
const mediaMarker = `media-${randomBytes(6).toString("hex")}`;
const files = {
  photo: { mediaId: randomUUID(), bytes: `${mediaMarker}-erased-photo` },
  sent: { mediaId: randomUUID(), bytes: `${mediaMarker}-sent-file` },
  kept: { mediaId: randomUUID(), bytes: `${mediaMarker}-kept-photo` },
};
const storedOf = (file: { mediaId: string; bytes: string }, name: string) => ({
  mediaId: file.mediaId,
  contentType: "image/jpeg",
  size: file.bytes.length,
  name,
});
const inboundMedia = [{ url: "https://api.twilio.com/media/ME1", contentType: "image/jpeg" }];

function eventsOfOrgs(): CloudpaEvent[] {
  const replyOf = (n: number, customer: number, second: number, body: string) =>
    a.replySent(n, customer, second, { body, messageSid: a.sid("SM", 5_000_000 + n) });
  return [
    a.connected(0),
    a.inbound(1, ERASED, 1, { body: texts.inbound, profileName: "Erin Erased", media: inboundMedia }),
    mediaKept(a, 1, ERASED, 1, files.photo),
    { ...replyOf(2, ERASED, 2, texts.reply), media: [storedOf(files.sent, "plan.jpg")] },
    a.status(a.sid("SM", 5_000_002), ERASED, "delivered", 3),
    a.status(a.sid("SM", 5_000_002), ERASED, "read", 4),
    a.replyFailed(3, ERASED, 5, { body: texts.failed }),
    // A status whose message never came: kept as pending, by the contact's conversation.
    a.status(a.sid("SM", 7_777_777), ERASED, "delivered", 6),
    a.inbound(10, KEPT, 7, { body: "kept: hello", media: inboundMedia }),
    mediaKept(a, 10, KEPT, 7, files.kept),
    replyOf(11, KEPT, 8, "kept: hi there"),
    a.status(a.sid("SM", 5_000_011), KEPT, "delivered", 9),
    b.connected(0),
    b.inbound(20, OTHER_ORG, 10, { body: "other org: hello" }),
    b.replySent(21, OTHER_ORG, 11, { body: "other org: hi", messageSid: b.sid("SM", 6_000_021) }),
  ];
}

/** The outbound's media keeper kept inbound message `n`'s photo (decision 021). */
function mediaKept(
  f: typeof a,
  n: number,
  customerNo: number,
  second: number,
  file: { mediaId: string; bytes: string },
): CloudpaEvent {
  return {
    type: "InboundMediaStored",
    version: 1,
    eventId: randomUUID(),
    orgId: f.orgId,
    occurredAt: f.at(second),
    channelId: f.channelId,
    conversationId: f.conversationOf(customerNo),
    messageSid: f.sid("SM", n),
    items: [{ ...storedOf(file, "attachment-0"), index: 0 }],
    storedAt: f.at(second),
  };
}

/** Every file under a directory. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Which of `needles` occur in the raw bytes of the files under `dir`, with the files. */
function scanStore(dir: string, needles: string[]): { needle: string; file: string }[] {
  const found: { needle: string; file: string }[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle))) found.push({ needle, file });
  }
  return found;
}

/** Every message stored in every stream of the server, decoded (KV values and base64 payloads too). */
async function everyStoredText(jsm: JetStreamManager): Promise<{ stream: string; seq: number; text: string }[]> {
  const texts: { stream: string; seq: number; text: string }[] = [];
  for await (const info of jsm.streams.list()) {
    const stream = info.config.name;
    for (let seq = 1; ; ) {
      const message = await nextStoredMessage(jsm, stream, seq, ">");
      if (!message) break;
      let text = `${message.subject}\n${message.header?.toString() ?? ""}\n${Buffer.from(message.data).toString("utf8")}`;
      try {
        const payload = (JSON.parse(Buffer.from(message.data).toString("utf8")) as { payload?: unknown }).payload;
        if (typeof payload === "string") text += `\n${Buffer.from(payload, "base64").toString("utf8")}`;
      } catch {
        // not JSON: the raw text is all there is
      }
      texts.push({ stream, seq: message.seq, text });
      seq = message.seq + 1;
    }
  }
  return texts;
}

/** Every row of every table of schema `readmodel`, as text. */
async function everyReadModelRow(web: WebContext): Promise<{ table: string; row: string }[]> {
  const { rows: tables } = await web.db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'readmodel' and table_type = 'BASE TABLE'",
  );
  const rows: { table: string; row: string }[] = [];
  for (const { table_name } of tables) {
    const result = await web.db.query<{ row: string }>(`select t::text as row from readmodel."${table_name}" t`);
    rows.push(...result.rows.map(({ row }) => ({ table: table_name, row })));
    // A bytea column reads as hex: the quarantined payloads are searched as text too.
    if (table_name === "quarantine") {
      const payloads = await web.db.query<{ payload: Buffer }>("select payload from readmodel.quarantine");
      rows.push(
        ...payloads.rows.map(({ payload }) => ({ table: "quarantine.payload", row: payload.toString("utf8") })),
      );
    }
  }
  return rows;
}

/** The projected rows of the kept contacts, to compare before and after (the erased ones are absent). */
async function keptRows(web: WebContext) {
  const all = async (sql: string) => (await web.db.query(sql)).rows;
  return {
    chatAccounts: await all("select * from readmodel.chat_account order by id"),
    contacts: await all("select * from readmodel.contact order by id"),
    conversations: await all("select * from readmodel.conversation order by id"),
    messages: await all("select * from readmodel.message order by id"),
    pendingStatuses: await all("select * from readmodel.pending_status order by org_id, provider_sid"),
  };
}

describe.skipIf(!haveServer)("erasing a contact (own nats-server, projector process)", () => {
  const storeDir = mkdtempSync(join(tmpdir(), "cloudpa-erasure-"));
  const names = cloudpaNames(uniqueName(), { partitions: DEFAULT_EVENT_PARTITIONS });
  let server: ChildProcess | undefined;
  let projector: ChildProcess | undefined;
  let natsUrl = "";
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let database: TestDatabase;
  let keys: TestKeys;
  let web: WebContext;
  let serviceEnv: Record<string, string>;
  let orgA: Account;
  let orgB: Account;
  let tokenA: string;
  let tokenB: string;
  const contactId = contactIdFor(a.orgId, a.customer(ERASED));

  const api = (path: string, token: string, init: RequestInit = {}) =>
    new Request(`http://web.test${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  const erase = (token: string, confirm = `+${erasedNumber}`) =>
    eraseContactResponse(
      web,
      api(`/api/v1/messaging/contacts/${contactId}/erase`, token, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ confirm }),
      }),
      contactId,
    );
  const exportOf = (token: string) =>
    exportContactResponse(web, api(`/api/v1/messaging/contacts/${contactId}/export`, token), contactId);

  /** The checkpoint of the partition holding the org's events (docs/decisions/020), as the web reads it. */
  const checkpoint = (orgId: string) =>
    readCheckpoint(web.db, READ_MODEL_SCHEMA, { partition: names.partitionOf(orgId) });
  async function projected(orgId: string, seq: number, what: string) {
    await waitFor(async () => (await checkpoint(orgId)) >= seq, { timeoutMs: 30_000, what });
  }
  async function runRebuild() {
    const child = spawn(process.execPath, [`${root}services/projector/dist/cli.js`, "rebuild"], {
      cwd: root,
      env: { ...process.env, ...serviceEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { status, output };
  }

  beforeAll(async () => {
    const port = await freePort();
    natsUrl = `nats://127.0.0.1:${port}`;
    server = spawn("nats-server", ["-js", "-sd", storeDir, "-a", "127.0.0.1", "-p", String(port)], {
      stdio: "ignore",
    });
    const built = ensureBuilt("services");
    nc = await waitFor(() => connect({ servers: natsUrl, reconnect: false }), {
      timeoutMs: 15_000,
      what: "the test's nats-server",
    });
    jsm = await jetstreamManager(nc);
    // The set-up step's streams and buckets, which the web and the projector only check for.
    await ensureStreams(nc, names, { duplicateWindowMs: 60 * 60 * 1000, replicas: 1 });
    database = await testDatabase();
    await migrateAll(database.url);
    keys = testKeys();
    web = await createWebContext(
      parseWebEnv(webTestEnv({ databaseUrl: database.url, natsUrl, namespace: names.namespace, keys })),
    );
    orgA = await createAccount(web.db, {
      email: "a@example.com",
      password: "a long password",
      businessName: "A",
      orgId: a.orgId,
    });
    orgB = await createAccount(web.db, {
      email: "b@example.com",
      password: "a long password",
      businessName: "B",
      orgId: b.orgId,
    });
    tokenA = await createApiToken(web.db, orgA, "test");
    tokenB = await createApiToken(web.db, orgB, "test");
    await built;
    serviceEnv = {
      CLOUDPA_NAMESPACE: names.namespace,
      NATS_URL: natsUrl,
      DATABASE_URL: database.url,
      EVENT_PUBLIC_KEYS: String(keys.env.EVENT_PUBLIC_KEYS),
      PROJECTOR_PORT: String(await freePort()),
      LOG_LEVEL: "warn",
    };
    projector = spawn(process.execPath, [`${root}services/projector/dist/main.js`], {
      cwd: root,
      env: { ...process.env, ...serviceEnv },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }, 300_000);

  afterAll(async () => {
    projector?.kill("SIGTERM");
    await web?.close();
    await nc?.close();
    server?.kill("SIGTERM");
    await database?.drop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it("leaves neither the number nor the words in any stream, on disk or in any read-model table, and a rebuild keeps it gone", async () => {
    const js = jetstream(nc);
    // Each org's last event: its partition's checkpoint reaches it once the org's events are projected.
    const seeded = new Map<string, number>();
    const media = await MediaStore.open(nc, names);
    for (const file of Object.values(files))
      await media.put(a.orgId, storedOf(file, "file.jpg"), new TextEncoder().encode(file.bytes));
    for (const event of eventsOfOrgs()) {
      seeded.set(event.orgId, (await appendSigned(js, names, event, signingKeyOf(keys, event))).seq);
    }
    // An event the projector cannot trust (unsigned), kept with its payload in `quarantine`.
    const unsigned = await js.publish(
      names.conversationEventSubject(a.orgId, a.conversationOf(ERASED), "inbound_received"),
      JSON.stringify({ ...a.inbound(99, ERASED, 20), body: texts.quarantined }),
    );
    seeded.set(a.orgId, unsigned.seq);
    // A reply still queued in COMMANDS (no outbound runs), and the outbound's records of replies.
    const command: SendReply = {
      type: "SendReply",
      version: 1,
      commandId: commandIdFor(a.orgId, "queued"),
      orgId: a.orgId,
      conversationId: a.conversationOf(ERASED),
      text: texts.command,
      requestedBy: orgA.userId,
      requestedAt: new Date().toISOString(),
    };
    await appendSigned(js, names, command, keys.signing.web);
    const keptCommand = {
      ...command,
      commandId: commandIdFor(a.orgId, "kept"),
      conversationId: a.conversationOf(KEPT),
      text: "kept: queued",
    };
    await appendSigned(js, names, keptCommand, keys.signing.web);
    const attempts = await new Kvm(nc).create(names.outboundAttemptsBucket, { history: 1 });
    const attempt = (conversationId: string, commandId: string) =>
      JSON.stringify({
        commandId,
        orgId: a.orgId,
        conversationId,
        phase: "settled",
        attemptedAt: new Date().toISOString(),
        owner: "test",
        sends: 1,
      });
    await attempts.put(`${a.orgId}.${command.commandId}`, attempt(command.conversationId, command.commandId));
    await attempts.put(
      `${a.orgId}.${keptCommand.commandId}`,
      attempt(keptCommand.conversationId, keptCommand.commandId),
    );
    const quarantineBucket = await new Kvm(nc).open(names.outboundQuarantineBucket);
    const forged = signMessage(
      { ...command, commandId: randomUUID(), text: texts.quarantinedCommand },
      keys.signing.ingress,
    );
    const quarantined: QuarantinedCommand = {
      stream: names.commandsStream,
      seq: 4242,
      subject: names.sendReplySubject(a.orgId),
      orgId: a.orgId,
      commandId: null,
      reasonCode: "ENVELOPE.NOT_ALLOWED",
      reason: "ingress may not sign SendReply",
      payload: Buffer.from(forged.data).toString("base64"),
      headers: {},
      storedAt: new Date().toISOString(),
      quarantinedAt: new Date().toISOString(),
      status: "quarantined",
    };
    await quarantineBucket.put(quarantinedCommandKeyOf(quarantined), JSON.stringify(quarantined));

    for (const [orgId, seq] of seeded) await projected(orgId, seq, `the seeded events of ${orgId} projected`);
    const needles = [erasedNumber, canary];
    // The searches below find what is there: before the erasure, they find the contact everywhere.
    const before = await everyReadModelRow(web);
    const tablesHolding = (needle: string) =>
      new Set(before.filter(({ row }) => row.includes(needle)).map(({ table }) => table));
    expect([...tablesHolding(canary)].sort()).toEqual(expect.arrayContaining(["message", "quarantine.payload"]));
    expect([...tablesHolding(erasedNumber)].sort()).toEqual(expect.arrayContaining(["contact", "conversation"]));
    expect(scanStore(storeDir, [canary]).length).toBeGreaterThan(0);
    const erasedFiles = [files.photo.bytes, files.sent.bytes];
    expect(
      scanStore(storeDir, erasedFiles)
        .map(({ needle }) => needle)
        .sort(),
    ).toEqual(expect.arrayContaining([...erasedFiles].sort()));
    expect((await everyStoredText(jsm)).filter(({ text }) => text.includes(canary))).toHaveLength(6);

    // Export: the contact's own org only.
    expect((await exportOf(tokenB)).status).toBe(404);
    const exported = await exportOf(tokenA);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain(`contact-${contactId}.json`);
    const file = (await exported.json()) as ContactExport;
    expect(file.contact).toMatchObject({ id: contactId, handle: a.customer(ERASED), profileName: "Erin Erased" });
    expect(file.notes).toEqual([]);
    expect(file.labels).toEqual([]);
    expect(file.conversations).toHaveLength(1);
    expect(file.conversations[0]?.messages.map((m) => [m.direction, m.body, m.status])).toEqual([
      ["inbound", texts.inbound, "received"],
      ["outbound", texts.reply, "read"],
      ["outbound", texts.failed, "failed"],
    ]);
    expect(file.conversations[0]?.pendingStatuses).toMatchObject([{ status: "delivered" }]);

    // Another org cannot erase it, and a wrong confirmation erases nothing.
    expect((await erase(tokenB)).status).toBe(404);
    expect((await erase(tokenA, "+15550000000")).status).toBe(400);
    expect((await everyStoredText(jsm)).filter(({ text }) => text.includes(canary))).toHaveLength(6);
    const keptBefore = await keptRows(web);

    const erased = await erase(tokenA);
    expect(erased.status).toBe(200);
    const outcome = (await erased.json()) as { erased: Record<string, number>; recordSeq: number };
    // 8 events (connected is the channel's; one is the kept photo's), the queued command, one attempt and the kept quarantined command.
    expect(outcome.erased).toEqual({ events: 8, commands: 1, outboundRecords: 2 });
    await projected(a.orgId, outcome.recordSeq, "the ContactErased record projected");

    // (a) Through the API: no stored message of any stream names the number or holds the words.
    const stored = await everyStoredText(jsm);
    expect(stored.filter(({ text }) => needles.some((needle) => text.includes(needle)))).toEqual([]);
    expect(stored.some(({ text }) => text.includes("kept: queued"))).toBe(true);
    const record = stored.find(({ text }) => text.includes('"ContactErased"'));
    expect(record?.text).toContain(contactId);
    // (b) On disk: the store directory's files hold neither.
    expect(scanStore(storeDir, [...needles, quarantined.payload])).toEqual([]);
    // (b') Their stored files are gone from the media bucket and their bytes from the disk; the kept contact's stay.
    for (const file of [files.photo, files.sent])
      expect(await media.info({ orgId: a.orgId, mediaId: file.mediaId }), file.bytes).toBeUndefined();
    expect((await media.info({ orgId: a.orgId, mediaId: files.kept.mediaId }))?.size).toBe(files.kept.bytes.length);
    expect(scanStore(storeDir, erasedFiles)).toEqual([]);
    expect(scanStore(storeDir, [files.kept.bytes]).length).toBeGreaterThan(0);
    // (c) In Postgres: no row of any read-model table.
    expect((await everyReadModelRow(web)).filter(({ row }) => needles.some((needle) => row.includes(needle)))).toEqual(
      [],
    );
    const keptAfter = await keptRows(web);
    const withoutErased = <T extends Record<string, unknown>>(rows: T[]) =>
      rows.filter(
        (row) =>
          row.id !== contactId && row.contact_id !== contactId && row.conversation_id !== a.conversationOf(ERASED),
      );
    expect(keptAfter).toEqual({
      chatAccounts: keptBefore.chatAccounts,
      contacts: withoutErased(keptBefore.contacts),
      conversations: withoutErased(keptBefore.conversations),
      messages: withoutErased(keptBefore.messages),
      pendingStatuses: withoutErased(keptBefore.pendingStatuses),
    });
    expect(keptAfter.contacts).toHaveLength(2);

    // Erasing again: the contact is gone, as unknown as any other.
    expect((await erase(tokenA)).status).toBe(404);
    expect((await exportOf(tokenA)).status).toBe(404);

    // A rebuild from the stream brings nothing back and changes nothing else.
    const rebuild = await runRebuild();
    expect(rebuild, rebuild.output).toMatchObject({ status: 0 });
    expect(await keptRows(web)).toEqual(keptAfter);
    expect((await everyReadModelRow(web)).filter(({ row }) => needles.some((needle) => row.includes(needle)))).toEqual(
      [],
    );
  }, 180_000);

  it("keeps a purged or plainly deleted message's bytes on disk, and only an erase overwrites them (nats-server 2.9: why erasure erases message by message)", async () => {
    const js = jetstream(nc);
    const stream = `${names.namespace}-purge-check`;
    await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
    const stored: Record<string, number> = {};
    for (const way of ["purged", "deleted", "erased"]) {
      await js.publish(`${stream}.kept`, "before");
      stored[way] = (await js.publish(`${stream}.${way}`, `${canary}-${way}`)).seq;
      await js.publish(`${stream}.kept`, "after");
    }
    await jsm.streams.purge(stream, { filter: `${stream}.purged` });
    await jsm.streams.deleteMessage(stream, stored.deleted ?? 0, false);
    await jsm.streams.deleteMessage(stream, stored.erased ?? 0, true);
    const left = (way: string) => scanStore(join(storeDir, "jetstream"), [`${canary}-${way}`]).length;
    expect({ purged: left("purged"), deleted: left("deleted"), erased: left("erased") }).toEqual({
      purged: 1,
      deleted: 1,
      erased: 0,
    });
    await jsm.streams.delete(stream);
  });
});
