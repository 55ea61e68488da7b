// `cloudpa events tail` with a filter on a stream that holds events from before partitions
// (docs/decisions/019), before and after `partitions migrate`: real NATS, the CLI's own parts.
import { type CloudpaEvent, PARTITIONED_SINCE_KEY, uuidv5 } from "@cloudpa/contracts";
import { ServiceNats, writePartitionedSince } from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model/testing";
import { appendLegacy, signingKeyOf, testbed, waitFor } from "@cloudpa/testkit";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents } from "../testing/projector-harness.js";
import { type EventsFilter, eventsSelectionOf } from "./events-filter.js";
import { legacyEventsUntil, tailEvents } from "./events-tail.js";

describe("a filtered events tail on a stream holding both subject formats", () => {
  const bed = testbed({ database: false });
  let service: ServiceNats;
  const alpha = eventFactory(uuidv5("org:tail-alpha"));
  const bravo = eventFactory(uuidv5("org:tail-bravo"));
  const tails: { stop(): Promise<number> }[] = [];

  /** As a producer from before partitions published it: `<ns>.evt.<org>.…`. */
  const appendOld = async (event: CloudpaEvent) =>
    (await appendLegacy(bed.nats.js, bed.nats.names, event, signingKeyOf(bed.keys, event))).seq;
  const appendNew = async (event: CloudpaEvent) => (await appendEvents(bed.nats, bed.keys, [event]))[0]!.seq;

  /** The tail as `cloudpa events tail` runs it: the options' selection, the recorded boundary, one loop. */
  function startTail(filter: EventsFilter, fromSeq?: number) {
    const controller = new AbortController();
    const seqs: number[] = [];
    let following: string | undefined;
    const selection = eventsSelectionOf(service.names, filter);
    const running = (async () =>
      tailEvents({
        js: service.js,
        stream: service.names.eventsStream,
        streamSubjects: service.names.eventsSubjects,
        selection,
        legacyUntil: await legacyEventsUntil(service),
        fromSeq,
        signal: controller.signal,
        onEvent: (stored) => seqs.push(stored.seq),
        onFollowing: (what) => {
          following = what;
        },
      }))();
    const tail = {
      seqs,
      selection,
      following: () => waitFor(() => following, { what: "the tail to follow the stream" }),
      shows: (expected: number[]) =>
        waitFor(() => seqs.length >= expected.length, { what: `events ${expected.join(", ")}` }).then(() =>
          expect(seqs).toEqual(expected),
        ),
      stop: () => {
        controller.abort();
        return running;
      },
    };
    tails.push(tail);
    return tail;
  }

  beforeAll(async () => {
    // An installation from before partitions: its set-up recorded the count, not that it is partitioned.
    await (await new Kvm(bed.nats.nc).open(bed.nats.names.configBucket)).purge(PARTITIONED_SINCE_KEY);
    service = await ServiceNats.connect(
      { NATS_URL: bed.nats.url, CLOUDPA_NAMESPACE: bed.nats.names.namespace },
      { clientName: "test-events-tail" },
    );
  });
  afterAll(async () => {
    for (const tail of tails) await tail.stop();
    await service?.close();
  });

  // Sequences of alpha's events, in stream order, as the test appends them.
  const alphaSeqs: number[] = [];
  let alphaChannelSeq = 0;

  it("before the migration shows an org's events of either format, stored and live, in stream order", async () => {
    alphaSeqs.push(await appendOld(alpha.inbound(1, 1, 1)));
    await appendOld(bravo.inbound(1, 1, 2));
    alphaSeqs.push(await appendNew(alpha.inbound(2, 1, 3)));
    alphaChannelSeq = await appendOld(alpha.connected(4));
    await appendNew(bravo.inbound(2, 1, 5));

    const orgTail = startTail({ orgId: alpha.orgId }, 1);
    expect(await orgTail.following()).toContain("before partitions");
    await orgTail.shows([alphaSeqs[0]!, alphaSeqs[1]!, alphaChannelSeq]);

    // Followed from now, one conversation: a producer from before partitions may still append.
    const conversationTail = startTail({ conversationId: alpha.conversationOf(2) });
    await conversationTail.following();
    const live = [
      await appendOld(alpha.inbound(3, 2, 6)),
      await appendNew(alpha.inbound(4, 2, 7)),
      await appendOld(bravo.inbound(3, 2, 8)),
      await appendNew(alpha.inbound(5, 1, 9)),
    ];
    await conversationTail.shows([live[0]!, live[1]!]);
    await orgTail.shows([alphaSeqs[0]!, alphaSeqs[1]!, alphaChannelSeq, live[0]!, live[1]!, live[3]!]);
    alphaSeqs.push(live[0]!, live[1]!, live[3]!);
    expect(await conversationTail.stop()).toBe(2);
  });

  it("after the migration reads the old format up to the recorded sequence, then lets the server filter", async () => {
    const head = await service.streamLastSeq();
    await writePartitionedSince(await service.bucket(service.names.configBucket), {
      partitions: service.names.partitions,
      afterSeq: head,
      at: new Date().toISOString(),
      by: "migrate",
    });
    const afterMigration = await appendNew(alpha.inbound(6, 1, 10));
    await appendNew(bravo.inbound(4, 1, 11));

    const typeTail = startTail({ orgId: alpha.orgId, type: "InboundMessageReceived" }, 1);
    expect(await typeTail.following()).toContain(`up to #${head}`);
    await typeTail.shows([...alphaSeqs, afterMigration]);
    const live = await appendNew(alpha.inbound(7, 2, 12));
    await typeTail.shows([...alphaSeqs, afterMigration, live]);

    // From past the migration, and from now: nothing from before partitions can come, the server filters alone.
    const laterTail = startTail({ orgId: alpha.orgId }, afterMigration);
    expect(await laterTail.following()).toBe(laterTail.selection.subject);
    await laterTail.shows([afterMigration, live]);
    const nowTail = startTail({ orgId: alpha.orgId });
    expect(await nowTail.following()).toBe(nowTail.selection.subject);
    const next = await appendNew(alpha.inbound(8, 1, 13));
    await nowTail.shows([next]);
    await laterTail.shows([afterMigration, live, next]);
  });
});
