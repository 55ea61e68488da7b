import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { inboxPage } from "./inbox-page.query.js";

// The inbox page and its projection position in one statement (issue 16, docs/decisions/007):
// the checkpoint of the org's partition, selected with the rows, so from the rows' snapshot.
describe("the inbox page with its projection position", () => {
  const bed = migratedDatabase();
  const orgId = randomUUID();

  beforeAll(async () => {
    await bed.client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, status, created_at, inbox_at)
       select gen_random_uuid(), $1, $1, gen_random_uuid(), 'whatsapp:+44' || i, 'Customer ' || i,
              now() - (i || ' minutes')::interval, 'open', now(), now() - (i || ' minutes')::interval
         from generate_series(1, 5) i`,
      [orgId],
    );
    await bed.client.query(
      `insert into readmodel.projection_checkpoint (projection, stream, partition, last_seq, lease_epoch, updated_at)
       values ('inbox', 'events', 3, 41, 0, now()), ('inbox', 'events', 4, 97, 0, now())`,
    );
  });

  it("gives the position of the partition asked for, and the same page as without it", async () => {
    const page = await inboxPage(bed.client, { orgId, limit: 3, positionOf: { partition: 3 } });
    expect(page.position).toBe(41);
    expect((await inboxPage(bed.client, { orgId, limit: 3, positionOf: { partition: 4 } })).position).toBe(97);
    const without = await inboxPage(bed.client, { orgId, limit: 3 });
    expect(without.position).toBeUndefined();
    expect(page.conversations).toEqual(without.conversations);
    expect(page.nextCursor).toBe(without.nextCursor);
  });

  it("gives none for an empty page, which has no row to carry it", async () => {
    const empty = await inboxPage(bed.client, { orgId: randomUUID(), limit: 3, positionOf: { partition: 3 } });
    expect(empty).toEqual({ conversations: [], nextCursor: undefined });
  });
});
