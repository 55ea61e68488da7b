import { randomUUID } from "node:crypto";
import { connectNats, createLogger } from "@cloudpa/kit";
import { endpointOf, type TcpProxy, tcpProxy, testbed, viaProxy } from "@cloudpa/testkit";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterEach, describe, expect, it } from "vitest";
import { followEventStream } from "#test/support/event-stream.ts";
import { LiveFeed } from "./live-feed.server.ts";
import { liveEventStream } from "./live-stream.server.ts";

const bed = testbed({ database: false });
const logger = createLogger("web-test", "silent");

const orgA = randomUUID();
const orgB = randomUUID();
const notice = (orgId: string, checkpoint: number) =>
  JSON.stringify({ orgId, conversationIds: [randomUUID()], channelIds: [], checkpoint });

function open(feed: LiveFeed, orgId: string, stillSignedIn = async () => true, heartbeatMs?: number) {
  const abort = new AbortController();
  const response = liveEventStream({
    feed,
    orgId,
    subject: bed.nats.names.liveSubject(orgId),
    signal: abort.signal,
    stillSignedIn,
    logger,
    ...(heartbeatMs ? { heartbeatMs } : {}),
  });
  return { response, stream: followEventStream(response), abort };
}

describe("live event stream", () => {
  it("reports the position on connect, then the position of each of its org's notices, and only its org's", async () => {
    const { nats } = bed;
    const feed = new LiveFeed(nats.nc, async () => 41, logger);
    const { response, stream, abort } = open(feed, orgA);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    await stream.until('event: position\ndata: {"position":41}');
    nats.nc.publish(nats.names.liveSubject(orgB), notice(orgB, 42));
    nats.nc.publish(nats.names.liveSubject(orgA), "not a notice");
    nats.nc.publish(nats.names.liveSubject(orgA), notice(orgA, 43));
    await stream.until('event: change\ndata: {"position":43}');
    expect(stream.text()).not.toContain("42");
    expect(stream.text()).not.toContain(orgA);
    abort.abort();
    await stream.reading;
    expect(stream.ended()).toBe(true);
  });

  it("ends an idle stream at its next heartbeat once the session has ended", async () => {
    const { nats } = bed;
    let signedIn = true;
    const feed = new LiveFeed(nats.nc, async () => 41, logger);
    const { stream } = open(feed, orgA, async () => signedIn, 100);
    await stream.until(": ping");
    signedIn = false;
    await stream.reading;
    expect(stream.text().endsWith("event: signed-out\ndata: {}\n\n")).toBe(true);
  });

  describe("over a NATS connection that drops", () => {
    let proxy: TcpProxy;
    let nc: NatsConnection;
    afterEach(async () => {
      await nc?.close();
      await proxy?.close();
    });

    it("reports the position read after the connection came back, so changes missed meanwhile are not lost", async () => {
      const { nats } = bed;
      proxy = await tcpProxy(endpointOf(nats.url, 4222));
      nc = await connectNats(viaProxy(nats.url, proxy), "web-test");
      let position = 7;
      const feed = new LiveFeed(nc, async () => position, logger);
      feed.start();
      const { stream, abort } = open(feed, orgA);
      await stream.until('event: position\ndata: {"position":7}');

      const reconnected = (async () => {
        for await (const status of nc.status()) if (status.type === "reconnect") return;
      })();
      proxy.cut();
      // The projector commits and notifies while this connection is down: the notice is lost.
      nats.nc.publish(nats.names.liveSubject(orgA), notice(orgA, 8));
      position = 8;
      proxy.restore();
      await reconnected;

      await stream.until('event: position\ndata: {"position":8}');
      expect(stream.text()).not.toContain("event: change");
      abort.abort();
    });
  });
});
