import { testbed } from "@cloudpa/testkit";
import type { Msg } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { everyPartitionBound, projectorEnvFor, startProjector } from "../testing/projector-harness.js";

// nats-server answers one connection's requests one after another, and a filtered consumer's create
// can take a second on a large stream (nats-server 2.9): sent all at once, the 16 partitions' binds
// only waited there, each against its own request timeout, failed, and were sent again
// (docs/decisions/042). An instance binds its partitions one at a time: it never has two consumer
// creates or deletes unanswered. Watched on the wire: this test's own connection sees the requests
// to the JetStream API and the answers to their reply subjects.
describe("binding an instance's partitions", () => {
  const bed = testbed();

  it("asks JetStream for one consumer create or delete at a time", async () => {
    const { nats, db, keys } = bed;
    const stream = nats.names.eventsStream;
    const unanswered = new Set<string>();
    // The server can hand this connection a request's answer before its copy of the request (the
    // API answers inside the request's delivery), so answers are remembered until their request.
    const answeredFirst = new Set<string>();
    let mostUnanswered = 0;
    let requests = 0;
    const watch = (subject: string) =>
      nats.nc.subscribe(subject, {
        callback: (_error: Error | null, msg: Msg) => {
          if (!msg.reply) return;
          requests++;
          if (answeredFirst.delete(msg.reply)) return;
          unanswered.add(msg.reply);
          mostUnanswered = Math.max(mostUnanswered, unanswered.size);
        },
      });
    const subscriptions = [
      watch(`$JS.API.CONSUMER.CREATE.${stream}.>`),
      watch(`$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`),
      watch(`$JS.API.CONSUMER.DELETE.${stream}.>`),
      nats.nc.subscribe("_INBOX.>", {
        callback: (_error, msg) => {
          if (!unanswered.delete(msg.subject)) answeredFirst.add(msg.subject);
        },
      }),
    ];
    await nats.nc.flush();
    try {
      const projector = bed.closeAfter(await startProjector(projectorEnvFor(nats, db.url, keys)));
      await everyPartitionBound(projector, nats.names.partitions, { timeoutMs: 30_000 });
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe();
    }
    // A delete and a create per partition, all seen.
    expect(requests).toBeGreaterThanOrEqual(2 * nats.names.partitions);
    expect(mostUnanswered).toBe(1);
  });
});
