// Runs a private nats-server with deploy/nats/auth.conf and checks, with the real client
// library, that each service user can do its job and nothing else. Never touches the
// machine's shared NATS. Needs the nats-server binary (Debian package `nats-server`).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cloudpaNames, contactErasedSubject } from "@cloudpa/contracts";
import { eraseMediaObject, MediaStore, nextStoredMessage, ServiceNats } from "@cloudpa/kit";
import { freePort } from "@cloudpa/testkit";
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authConfPath, effectivePermissions, loadPermissions, passwordVariable } from "../nats/render-auth.ts";
import { setupStreams } from "../scripts/setup-streams.ts";

const haveServer = spawnSync("nats-server", ["--version"]).status === 0;
const names = cloudpaNames("cloudpa", { partitions: 16 });
const org = "0b7c6f1e-8a57-4c0e-9d43-3f0f4b7d2a10";
const conversation = "5d1e0a3c-8a8e-5b9f-9a37-0f6b0e1c2d3e";
const users = Object.keys(effectivePermissions(loadPermissions(), names.namespace));
// Leading digits and '$' on purpose: nats-server parses an environment value as a config
// value, so the documented form is the password in double quotes (secrets.example.yaml).
const passwords = Object.fromEntries(
  [...users, "system"].map((user) => [user, `9${randomBytes(12).toString("hex")}$x`]),
);
const options = { duplicateWindowMs: 60_000, replicas: 1 };

describe.skipIf(!haveServer)("NATS cluster configuration files", () => {
  const natsDir = join(authConfPath, "..");
  const env: Record<string, string | undefined> = { ...process.env, POD_NAME: "nats-0" };
  for (const [user, password] of Object.entries(passwords)) env[passwordVariable(user)] = JSON.stringify(password);

  it.each(["nats-1.conf", "nats-2.conf", "nats-3.conf", "nats-k8s.conf"])("%s passes `nats-server -t`", (file) => {
    const result = spawnSync("nats-server", ["-t", "-c", file], { cwd: natsDir, env, encoding: "utf8" });
    expect(result.stderr + result.stdout).toContain("is valid");
    expect(result.status).toBe(0);
  });

  it("refuses to start when a user's password is missing from the environment", () => {
    const { NATS_WEB_PASSWORD: _missing, ...without } = env;
    const result = spawnSync("nats-server", ["-t", "-c", "nats-1.conf"], {
      cwd: natsDir,
      env: without,
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("NATS_WEB_PASSWORD");
  });
});

describe.skipIf(!haveServer)("NATS per-service permissions on a live nats-server", () => {
  let dir = "";
  let server: ChildProcess | undefined;
  let port = 0;
  const connections: NatsConnection[] = [];

  const as = async (user: string) => {
    const nc = await connect({ servers: `127.0.0.1:${port}`, user, pass: passwords[user], reconnect: false });
    connections.push(nc);
    return nc;
  };
  const rejected = async (promise: Promise<unknown>) => {
    const outcome = await promise.then(
      () => "accepted",
      (error: unknown) => String(error),
    );
    expect(outcome).toMatch(/permission|timeout|TimeoutError|no responders/i);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cloudpa-nats-auth-"));
    port = await freePort();
    copyFileSync(authConfPath, join(dir, "auth.conf"));
    writeFileSync(
      join(dir, "server.conf"),
      `listen: "127.0.0.1:${port}"\njetstream { store_dir: "${join(dir, "js")}" }\ninclude ./auth.conf\n`,
    );
    const env = { ...process.env };
    for (const [user, password] of Object.entries(passwords)) env[passwordVariable(user)] = JSON.stringify(password);
    server = spawn("nats-server", ["-c", join(dir, "server.conf")], { env, stdio: ["ignore", "ignore", "pipe"] });
    let serverLog = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await (await as("admin")).flush();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`nats-server did not start: ${String(error)}\n${serverLog}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lets the admin set the streams up through setup-streams, credentials taken from NATS_URL", async () => {
    const result = await setupStreams({
      NATS_URL: `nats://admin:${passwords.admin}@127.0.0.1:${port}`,
      CLOUDPA_NAMESPACE: names.namespace,
      DUPLICATE_WINDOW_MS: String(options.duplicateWindowMs),
      STREAM_REPLICAS: "1",
      EVENT_PARTITIONS: "16",
    });
    expect(result.streams).toEqual([
      names.eventsStream,
      names.commandsStream,
      `KV_${names.channelsBucket}`,
      `KV_${names.outboundQuarantineBucket}`,
      `OBJ_${names.mediaBucket}`,
      `KV_${names.configBucket}`,
      `KV_${names.outboundAttemptsBucket}`,
      `KV_${names.projectorLeasesBucket}`,
    ]);
    expect(result.partitions).toBe(16);
  });

  it("lets the projector keep its partition leases (decision 020) as PartitionLeases does, and no one else write them", async () => {
    const nc = await as("projector");
    const bucket = names.projectorLeasesBucket;
    const nats = await ServiceNats.connect(
      {
        NATS_URL: `nats://projector:${encodeURIComponent(passwords.projector ?? "")}@127.0.0.1:${port}`,
        CLOUDPA_NAMESPACE: names.namespace,
      },
      { clientName: "test-projector-leases" },
    );
    try {
      const kv = await nats.bucket(bucket);
      const created = await kv.create("inbox.p3", "instance-a");
      const updated = await kv.update("inbox.p3", "instance-a", created);
      expect((await kv.get("inbox.p3"))?.revision).toBe(updated);
      await kv.put("inbox.instance.instance-a", "instance-a");
      const info = await nats.jsm.streams.info(`KV_${bucket}`, { subjects_filter: `$KV.${bucket}.>` });
      expect(Object.keys(info.state.subjects ?? {}).sort()).toEqual(
        [`$KV.${bucket}.inbox.instance.instance-a`, `$KV.${bucket}.inbox.p3`].sort(),
      );
      await kv.delete("inbox.p3", { previousSeq: updated });
      await kv.delete("inbox.instance.instance-a");
      const jsm = await jetstreamManager(nc);
      for (const verb of ["purge", "delete"] as const) await rejected(jsm.streams[verb](`KV_${bucket}`));
      await rejected(jsm.streams.deleteMessage(`KV_${bucket}`, created, true));
      await rejected(jetstream(nc).publish(`$KV.${names.configBucket}.event-partitions`, "1", { timeout: 1000 }));
    } finally {
      await nats.close();
    }
    for (const user of ["ingress", "outbound", "web"]) {
      await rejected(jetstream(await as(user)).publish(`$KV.${bucket}.inbox.p3`, "x", { timeout: 1000 }));
    }
  });

  it("lets no service create a stream or a bucket: the set-up step made them all", async () => {
    for (const user of ["ingress", "projector", "outbound", "web"]) {
      const jsm = await jetstreamManager(await as(user));
      await rejected(jsm.streams.add({ name: "rogue", subjects: ["rogue.>"] }));
      const attempts = names.outboundAttemptsBucket;
      await rejected(jsm.streams.add({ name: `KV_${attempts}`, subjects: [`$KV.${attempts}.>`] }));
    }
  });

  it("lets every service check the set-up streams at start and open the buckets it reads, as ServiceNats does", async () => {
    for (const user of ["ingress", "projector", "outbound", "web"]) {
      const nats = await ServiceNats.connect(
        {
          NATS_URL: `nats://${user}:${encodeURIComponent(passwords[user] ?? "")}@127.0.0.1:${port}`,
          CLOUDPA_NAMESPACE: names.namespace,
        },
        { clientName: `test-${user}` },
      );
      try {
        expect(await nats.streamsPresent()).toBe(true);
        if (user !== "projector") await nats.bucket(names.channelsBucket);
        if (user === "outbound") await nats.bucket(names.outboundQuarantineBucket);
      } finally {
        await nats.close();
      }
    }
  });

  it("lets the web write a channel and send a command, and stops it appending an inbound event", async () => {
    const nc = await as("web");
    const js = jetstream(nc);
    const kv = await new Kvm(nc).open(names.channelsBucket);
    await kv.put("twilio_whatsapp.14155238886", JSON.stringify({ orgId: org }));
    const ack = await js.publish(names.sendReplySubject(org), "{}", { msgID: "cmd:1", timeout: 2000 });
    expect(ack.stream).toBe(names.commandsStream);
    await rejected(
      js.publish(names.conversationEventSubject(org, conversation, "inbound_received"), "{}", { timeout: 1000 }),
    );
  });

  it("lets the ingress read channels and append inbound events, and nothing else", async () => {
    const nc = await as("ingress");
    const js = jetstream(nc);
    const kv = await new Kvm(nc).open(names.channelsBucket);
    expect((await kv.get("twilio_whatsapp.14155238886"))?.string()).toContain(org);
    const ack = await js.publish(names.conversationEventSubject(org, conversation, "inbound_received"), "{}", {
      msgID: "in:SM1",
      timeout: 2000,
    });
    expect(ack.stream).toBe(names.eventsStream);
    await rejected(kv.put("twilio_whatsapp.14155238886", "{}", { timeout: 1000 }));
    await rejected(js.publish(names.sendReplySubject(org), "{}", { timeout: 1000 }));
    await rejected(
      js.publish(names.conversationEventSubject(org, conversation, "reply_sent"), "{}", { timeout: 1000 }),
    );
  });

  it("lets the outbound take a command, read the conversation's events and append a reply event only", async () => {
    const nc = await as("outbound");
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const attempts = await new Kvm(nc).create(names.outboundAttemptsBucket, { history: 1, replicas: 1 });
    await attempts.create("cmd-1", "{}");
    expect((await attempts.get("cmd-1"))?.revision).toBeGreaterThan(0);
    await jsm.consumers.add(names.commandsStream, { durable_name: "outbound", ack_policy: AckPolicy.Explicit });
    const command = await (await js.consumers.get(names.commandsStream, "outbound")).next({ expires: 2000 });
    expect(command?.subject).toBe(names.sendReplySubject(org));
    await command?.ackAck();
    const ordered = await js.consumers.get(names.eventsStream, {
      filter_subjects: names.conversationEventsFilter(org, conversation),
    });
    const history = await ordered.next({ expires: 2000 });
    expect(history?.subject).toBe(names.conversationEventSubject(org, conversation, "inbound_received"));
    const ack = await js.publish(names.conversationEventSubject(org, conversation, "reply_sent"), "{}", {
      msgID: "out:1",
      timeout: 2000,
    });
    expect(ack.stream).toBe(names.eventsStream);
    await rejected(
      js.publish(names.conversationEventSubject(org, conversation, "status_updated"), "{}", { timeout: 1000 }),
    );
  });

  it("lets the outbound's media keeper erase a copy it stored (decision 010) on the media bucket, and no event", async () => {
    const nc = await as("outbound");
    const jsm = await jetstreamManager(nc);
    const store = await MediaStore.open(nc, names);
    const ref = { orgId: org, mediaId: "5b7c6f1e-8a57-4c0e-9d43-3f0f4b7d2a11" };
    await store.put(
      org,
      { mediaId: ref.mediaId, contentType: "image/jpeg", size: 3, name: "a.jpg" },
      new Uint8Array(3),
    );
    expect(await eraseMediaObject(jsm, names, store, ref)).toBe(true);
    expect(await store.info(ref)).toBeUndefined();
    const event = await nextStoredMessage(
      jsm,
      names.eventsStream,
      1,
      names.conversationEventsFilter(org, conversation),
    );
    expect(event).not.toBeNull();
    await rejected(jsm.streams.deleteMessage(names.eventsStream, event!.seq, true));
  });

  it("lets the projector consume EVENTS durably and publish live notices the web receives", async () => {
    const web = await as("web");
    const live = web.subscribe(names.liveSubject(org), { max: 1 });
    await web.flush();
    const nc = await as("projector");
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    // As at every start: drop the durable and recreate it from the checkpoint.
    const durable = { durable_name: "projector-inbox", ack_policy: AckPolicy.Explicit };
    await jsm.consumers.add(names.eventsStream, durable);
    expect(await jsm.consumers.delete(names.eventsStream, "projector-inbox")).toBe(true);
    await jsm.consumers.add(names.eventsStream, {
      ...durable,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: 1,
    });
    const event = await (await js.consumers.get(names.eventsStream, "projector-inbox")).next({ expires: 2000 });
    expect(event?.subject).toBe(names.conversationEventSubject(org, conversation, "inbound_received"));
    await event?.ackAck();
    nc.publish(names.liveSubject(org), JSON.stringify({ conversationId: conversation }));
    for await (const notice of live) expect(notice.subject).toBe(names.liveSubject(org));
    await rejected(
      js.publish(names.conversationEventSubject(org, conversation, "conversation_read"), "{}", { timeout: 1000 }),
    );
  });

  it.each([
    ["web-push", "Web Push (decision 025)"],
    ["web-auto-replies", "the away message and greeting (decision 026)"],
  ])("lets the web run its durable consumer %s, for %s, as DurableEventConsumer does", async (durable) => {
    const nc = await as("web");
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    // DurableEventConsumer: look the consumer up, create it when missing, consume and ack.
    expect(await jsm.consumers.info(names.eventsStream, durable).catch(() => undefined)).toBeUndefined();
    await jsm.consumers.add(names.eventsStream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: names.eventsSubjects,
    });
    expect((await jsm.consumers.info(names.eventsStream, durable)).name).toBe(durable);
    const event = await (await js.consumers.get(names.eventsStream, durable)).next({ expires: 2000 });
    expect(event?.subject).toBe(names.conversationEventSubject(org, conversation, "inbound_received"));
    expect(await event?.ackAck()).toBe(true);
    await rejected(jsm.consumers.delete(names.eventsStream, durable));
  });

  it("lets the web create no other durable consumer", async () => {
    const jsm = await jetstreamManager(await as("web"));
    await rejected(
      jsm.consumers.add(names.eventsStream, { durable_name: "projector-inbox", ack_policy: AckPolicy.Explicit }),
    );
  });

  // Last: it erases what the tests above appended. Erasure as docs/decisions/010 does it: walk a
  // subject with STREAM.MSG.GET (next_by_subj), erase each message with STREAM.MSG.DELETE.
  it("lets the web erase a contact's messages and append ContactErased, and still not delete a stream", async () => {
    const quarantine = await new Kvm(await as("outbound")).open(names.outboundQuarantineBucket);
    await quarantine.put(`${org}.cmd-2`, "{}");
    const nc = await as("web");
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await js.publish(names.sendReplySubject(org), "{}", { msgID: "cmd:2", timeout: 2000 });
    const targets: [string, string][] = [
      [names.eventsStream, names.conversationEventsFilter(org, conversation)],
      [names.commandsStream, names.sendReplySubject(org)],
      [`KV_${names.outboundAttemptsBucket}`, `$KV.${names.outboundAttemptsBucket}.*`],
      [`KV_${names.outboundQuarantineBucket}`, `$KV.${names.outboundQuarantineBucket}.${org}.>`],
    ];
    for (const [stream, filter] of targets) {
      const found = await nextStoredMessage(jsm, stream, 1, filter);
      expect(found, stream).not.toBeNull();
      expect(await jsm.streams.deleteMessage(stream, found!.seq, true), stream).toBe(true);
      await expect(jsm.streams.getMessage(stream, { seq: found!.seq }), stream).resolves.toBeNull();
    }
    const ack = await js.publish(contactErasedSubject(names, org, "7c9e6679-7425-50de-944b-e07fc1f90ae7"), "{}", {
      msgID: "erased:1",
      timeout: 2000,
    });
    expect(ack.stream).toBe(names.eventsStream);

    await rejected(
      js.publish(names.conversationEventSubject(org, conversation, "reply_sent"), "{}", { timeout: 1000 }),
    );
    const channelsStream = `KV_${names.channelsBucket}`;
    const channel = await nextStoredMessage(jsm, channelsStream, 1, `$KV.${names.channelsBucket}.>`);
    await rejected(jsm.streams.deleteMessage(channelsStream, channel!.seq, true));
    for (const stream of [names.eventsStream, names.commandsStream, `KV_${names.outboundAttemptsBucket}`]) {
      await rejected(jsm.streams.purge(stream));
      await rejected(jsm.streams.delete(stream));
    }
    const admin = await jetstreamManager(await as("admin"));
    expect((await admin.streams.info(names.eventsStream)).state.messages).toBeGreaterThan(0);
  });
});
