// The kit's service connection, tested here through the test kit that creates the streams.
import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import { cloudpaNames, EVENT_PARTITIONS_KEY } from "@cloudpa/contracts";
import { MissingPartitionsError, MissingStreamsError, ServiceNats } from "@cloudpa/kit";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./free-port.js";
import { infrastructure } from "./infrastructure.js";
import { type TestNats, testNats } from "./test-nats.js";
import { uniqueName } from "./unique-name.js";

describe("a service's NATS connection", () => {
  let nats: TestNats;
  beforeAll(async () => {
    nats = await testNats();
  });
  afterAll(() => nats.cleanup());

  it("refuses to start before the set-up step, naming each missing stream and the command that creates it", async () => {
    const { natsUrl } = await infrastructure();
    const namespace = uniqueName();
    const names = cloudpaNames(namespace);
    const failure = await ServiceNats.connect(
      { NATS_URL: natsUrl, CLOUDPA_NAMESPACE: namespace },
      { clientName: "test-unset-up" },
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MissingStreamsError);
    expect((failure as MissingStreamsError).missing).toEqual([
      names.eventsStream,
      names.commandsStream,
      `KV_${names.channelsBucket}`,
      `KV_${names.outboundQuarantineBucket}`,
      `OBJ_${names.mediaBucket}`,
      `KV_${names.configBucket}`,
    ]);
    expect((failure as Error).message).toContain(names.eventsStream);
    expect((failure as Error).message).toContain("node deploy/scripts/setup-streams.ts");
    await expect(nats.jsm.streams.info(names.eventsStream)).rejects.toThrow(/stream not found/i);
  });

  it("names the server when it cannot connect: nats.js's own error says only what went wrong", async () => {
    // A server that accepts and answers nothing, or hangs up, is not refused: nats.js then says
    // "timeout" or "error connecting" and no address.
    const silent = createServer((socket) => socket.destroy()).listen(0, "127.0.0.1");
    await once(silent, "listening");
    const { port } = silent.address() as AddressInfo;
    try {
      for (const url of [`nats://user:secret@127.0.0.1:${port}`, `nats://127.0.0.1:${await freePort()}`]) {
        const failure = (await ServiceNats.connect(
          { NATS_URL: url, CLOUDPA_NAMESPACE: uniqueName() },
          { clientName: "test-unreachable" },
        ).catch((error: unknown) => error)) as Error;
        const address = /127\.0\.0\.1:\d+/.exec(url)?.[0];
        expect(failure.message).toMatch(new RegExp(`^NATS at ${address}: \\S`));
        expect(failure.message).not.toContain("secret");
        expect(failure.cause).toBeInstanceOf(Error);
      }
    } finally {
      silent.close();
    }
  });

  it("connects once the streams exist, reads a set-up bucket, tells its status and closes twice safely", async () => {
    const service = await ServiceNats.connect(
      { NATS_URL: nats.url, CLOUDPA_NAMESPACE: nats.names.namespace },
      { clientName: "test-service" },
    );
    await nats.kv.put("some.key", "some value");
    const channels = await service.bucket(nats.names.channelsBucket);
    expect((await channels.get("some.key"))?.string()).toBe("some value");
    expect(service.isConnected()).toBe(true);
    expect(await service.streamsPresent()).toBe(true);
    expect(await service.streamLastSeq()).toBe(0);

    expect(service.names.partitions).toBe(16);
    expect(service.names.conversationEventSubject("org", "conv", "reply_sent")).toMatch(
      new RegExp(`^${nats.names.namespace}\\.evt\\.p${nats.names.partitionOf("org")}\\.org\\.conv\\.reply_sent$`),
    );

    await Promise.all([service.close(), service.close()]);
    expect(service.isConnected()).toBe(false);
  });

  it("refuses to start when the set-up recorded no partition count, naming the key and the set-up command", async () => {
    const other = await testNats({ partitions: 4 });
    try {
      const config = await new Kvm(other.nc).open(other.names.configBucket);
      await config.delete(EVENT_PARTITIONS_KEY);
      const failure = await ServiceNats.connect(
        { NATS_URL: other.url, CLOUDPA_NAMESPACE: other.names.namespace },
        { clientName: "test-no-partitions" },
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MissingPartitionsError);
      expect((failure as Error).message).toContain(`${other.names.configBucket}, key ${EVENT_PARTITIONS_KEY}`);
      expect((failure as Error).message).toContain("node deploy/scripts/setup-streams.ts");
    } finally {
      await other.cleanup();
    }
  });
});
