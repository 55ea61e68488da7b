import { DEFAULT_EVENT_PARTITIONS, DEFAULT_ORG_ID, partitionOf } from "@cloudpa/contracts";
import { conversationView, inboxPage } from "@cloudpa/read-model";
import pg from "pg";
import type { BenchDatabase } from "../infra/bench-database.js";
import { LatencySamples } from "../latency-samples.js";
import {
  countSeeded,
  notedLabelledConversations,
  type SeededInbox,
  seededConversationId,
  seedInbox,
} from "./inbox-seed.js";
import { prepareReadModel } from "./systems.js";

/** A label the inbox is filtered by, and how many conversations carry it. */
export interface FilterLabel {
  labelId: string;
  conversations: number;
}

export interface InboxResult {
  conversations: number;
  messages: number;
  seedSeconds: number;
  seeded: SeededInbox;
  inboxFirstPage: LatencySamples;
  inboxDeepPage: LatencySamples;
  conversation: LatencySamples;
  /** The label on the most conversations, and the one on the fewest (issue 15). */
  commonLabel: FilterLabel;
  rareLabel: FilterLabel;
  inboxCommonLabel: LatencySamples;
  inboxRareLabel: LatencySamples;
  /** First page of the archived view. */
  archivedFirstPage: LatencySamples;
  /** The conversation loader's read-model queries (page, notes, contact card) on a conversation with notes and labels. */
  notedConversation: LatencySamples;
  /** The conversations `notedConversation` opened, for the web's figure of the same. */
  notedConversationIds: string[];
}

/** Times `run` with JSON serialisation of its result, as a loader's answer is serialised. */
async function timed<T>(samples: LatencySamples, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  JSON.stringify(result);
  samples.record(performance.now() - started);
  return result;
}

/** The label carried by the most conversations and the one by the fewest (but some). */
export function filterLabels(seeded: SeededInbox): { common: FilterLabel; rare: FilterLabel } {
  const carried = seeded.byLabel.filter((l) => l.conversations > 0);
  const common = carried[0];
  const rare = carried[carried.length - 1];
  if (!common || !rare) throw new Error("the seed put no label on any conversation");
  return { common: { ...common }, rare: { ...rare } };
}

/** Latency of the queries the inbox and conversation loaders run, at the seeded size. */
export async function measureInbox(
  database: BenchDatabase,
  sizes: { conversations: number; messages: number; iterations: number },
  log: (line: string) => void,
): Promise<InboxResult> {
  await prepareReadModel(database.url);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  try {
    log(
      `inbox: seeding ${sizes.conversations} conversations and ${sizes.messages} messages, with labels, archives, snoozes, pins and notes (generate_series)`,
    );
    const seedStarted = performance.now();
    await seedInbox(client, sizes.conversations, sizes.messages);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const seeded = await countSeeded(client);
    const { common, rare } = filterLabels(seeded);
    const notedConversationIds = await notedLabelledConversations(client, 200);
    if (notedConversationIds.length === 0) throw new Error("the seed put notes and labels on no conversation");
    const result: InboxResult = {
      conversations: sizes.conversations,
      messages: sizes.messages,
      seedSeconds,
      seeded,
      inboxFirstPage: new LatencySamples(),
      inboxDeepPage: new LatencySamples(),
      conversation: new LatencySamples(),
      commonLabel: common,
      rareLabel: rare,
      inboxCommonLabel: new LatencySamples(),
      inboxRareLabel: new LatencySamples(),
      archivedFirstPage: new LatencySamples(),
      notedConversation: new LatencySamples(),
      notedConversationIds,
    };
    const orgId = DEFAULT_ORG_ID;
    // The statement the conversation route's loader runs (the web's conversationViewAtPosition): the
    // page, first unread, notes and contact card in one, with the partition's position; named.
    const positionOf = { partition: partitionOf(orgId, DEFAULT_EVENT_PARTITIONS) };
    // Walk 20 pages deep once to have a cursor from the middle of the inbox.
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) cursor = (await inboxPage(pool, { orgId, limit: 50, cursor })).nextCursor;
    log(`inbox: ${sizes.iterations} loads of each page`);
    for (let i = 0; i < sizes.iterations; i++) {
      await timed(result.inboxFirstPage, () => inboxPage(pool, { orgId, limit: 50 }));
      await timed(result.inboxDeepPage, () => inboxPage(pool, { orgId, limit: 50, cursor }));
      const n = 1 + Math.floor(Math.random() * sizes.conversations);
      const found = await timed(result.conversation, () =>
        conversationView(pool, { orgId, conversationId: seededConversationId(n), positionOf }),
      );
      if (!found) throw new Error(`seeded conversation ${n} not found`);
      await timed(result.inboxCommonLabel, () => inboxPage(pool, { orgId, limit: 50, labelId: common.labelId }));
      await timed(result.inboxRareLabel, () => inboxPage(pool, { orgId, limit: 50, labelId: rare.labelId }));
      await timed(result.archivedFirstPage, () => inboxPage(pool, { orgId, limit: 50, view: "archived" }));
      const conversationId = notedConversationIds[i % notedConversationIds.length] as string;
      const noted = await timed(result.notedConversation, () =>
        conversationView(pool, { orgId, conversationId, positionOf }),
      );
      if (!noted || noted.notes.length === 0 || noted.page.labelIds.length === 0)
        throw new Error(`seeded conversation ${conversationId} has no notes or labels`);
    }
    return result;
  } finally {
    await pool.end();
    await client.end();
  }
}
