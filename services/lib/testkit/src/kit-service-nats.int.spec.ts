// The kit's service connection, tested here through the test kit that creates the streams.
import { cloudpaNames } from "@cloudpa/contracts";
import { MissingStreamsError, ServiceNats } from "@cloudpa/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    ]);
    expect((failure as Error).message).toContain(names.eventsStream);
    expect((failure as Error).message).toContain("node deploy/scripts/setup-streams.ts");
    await expect(nats.jsm.streams.info(names.eventsStream)).rejects.toThrow(/stream not found/i);
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

    await Promise.all([service.close(), service.close()]);
    expect(service.isConnected()).toBe(false);
  });
});
