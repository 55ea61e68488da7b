import { createHash } from "node:crypto";
import { DEFAULT_ORG_ID, LABEL_COLOURS } from "@cloudpa/contracts";
import type pg from "pg";
import { progressBar } from "../infra/progress.js";

const CHANNEL_ID = "00000000-0000-4000-8000-0000000000c1";

/**
 * What the seeded inbox holds besides its conversations and messages (issue 15: the loaders stay
 * under their targets "with labels, archives and notes present"). Shares are of all conversations,
 * each drawn per conversation from a hash of its number, so a run seeds the same rows every time.
 */
export const INBOX_SEED_SHAPE = {
  /** The org's labels (the web allows 100). */
  labels: 20,
  /** Conversations carrying 1 to 3 labels; label k of `labels` is picked with weight falling as k grows (label 1 the most, the last the fewest). */
  labelledPercent: 30,
  archivedPercent: 40,
  /** Snoozed and not archived; a third of the snoozes are due (back in the inbox on top), the rest hide their conversation. */
  snoozedPercent: 5,
  /** Pinned, about 1 in 10,000 (10 at 100,000 conversations). */
  pinnedPerTenThousand: 1,
  /** Conversations with 1 to 5 private notes (every 4th note deleted: its row kept, its text emptied). */
  notedPercent: 10,
} as const;

/**
 * The seed's id for row n of a kind: md5 of kind and n, with the version and variant digits of
 * a v4 UUID, since the web refuses a cursor or a route id that is not a UUID (RFC 9562).
 */
const seededIdSql = (kind: string, n: string) =>
  `overlay(overlay(md5('${kind}' || ${n}) placing '4' from 13) placing '8' from 17)::uuid`;

/** The id the seed gives row n of a kind, as `seededIdSql(kind, n)` writes it. */
export function seededId(kind: string, n: number): string {
  const hex = createHash("md5").update(`${kind}${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The id the seed gives conversation n. */
export const seededConversationId = (n: number) => seededId("conversation", n);

/** The id the seed gives label k (1-based). */
export const seededLabelId = (k: number) => seededId("label", k);

/**
 * A draw in 0..9999 for conversation `i`, the same in every run: Postgres's hashint4 of the
 * conversation's number and a salt (one salt per question asked of the conversation).
 */
const draw = (salt: string) => `((hashint4(i * 16 + ${salt})::bigint + 2147483648) % 10000)`;

const perTenThousand = (percent: number) => percent * 100;

/**
 * Each conversation's archive, snooze, pin and labels, as columns of `s` for the insert. A
 * conversation is archived, or snoozed, or neither (draw 0); a snooze ends between 24 h ago and
 * 48 h from now (draw 9); labels are 1 to 3 (draw 3) of the org's, label k chosen as
 * 1 + floor(labels × u³) for a uniform u (draws 4 to 6), duplicates dropped.
 */
function organisedColumns(): string {
  const { archivedPercent, snoozedPercent, labelledPercent, pinnedPerTenThousand, labels } = INBOX_SEED_SHAPE;
  const archived = perTenThousand(archivedPercent);
  const snoozed = archived + perTenThousand(snoozedPercent);
  return `${draw("0")} < ${archived} as archived,
          ${draw("0")} >= ${archived} and ${draw("0")} < ${snoozed} as snoozed,
          now() + ((${draw("9")} % 72 - 24) || ' hours')::interval as snooze_end,
          ${draw("1")} < ${pinnedPerTenThousand} as pinned,
          case when ${draw("2")} < ${perTenThousand(labelledPercent)} then
            (select jsonb_agg(distinct ${seededIdSql("label", "k")}::text)
               from generate_series(1, 1 + ${draw("3")}::int % 3) j,
                    lateral (select 1 + floor(${labels} * power(${draw("3 + j")} / 10000.0, 3))::int as k) pick)
          else '[]'::jsonb end as label_ids`;
}

/**
 * Seeds the read model of the default org with `conversations` conversations and `messages`
 * messages (spread evenly, over the last 90 days), and the labels, archives, snoozes, pins and
 * notes of `INBOX_SEED_SHAPE`, in SQL with generate_series, in batches so a progress bar moves.
 */
export async function seedInbox(client: pg.Client, conversations: number, messages: number): Promise<void> {
  await client.query(
    `insert into readmodel.chat_account (id, org_id, provider, external_phone_id, account_sid, display_name, is_active, connected_at)
     values ($1, $2, 'twilio_whatsapp', 'whatsapp:+14155238886', 'AC00000000000000000000000000000000', 'Bench', true, now())`,
    [CHANNEL_ID, DEFAULT_ORG_ID],
  );
  await client.query(
    `insert into readmodel.label (id, org_id, name, colour, created_at)
     select ${seededIdSql("label", "k")}, $1, 'Label ' || k, ($2::text[])[1 + k % $3], now() - interval '90 days'
       from generate_series(1, $4::int) k`,
    [DEFAULT_ORG_ID, LABEL_COLOURS, LABEL_COLOURS.length, INBOX_SEED_SHAPE.labels],
  );
  const bar = progressBar("inbox rows", conversations + messages);
  const step = 10_000;
  for (let from = 1; from <= conversations; from += step) {
    const to = Math.min(conversations, from + step - 1);
    await client.query(
      `insert into readmodel.contact (id, org_id, handle, wa_id, profile_name, first_seen_at)
       select ${seededIdSql("contact", "i")}, $1, 'whatsapp:+4477' || (1000000 + i), '4477' || (1000000 + i), 'Customer ' || i, now()
         from generate_series($2::int, $3::int) i`,
      [DEFAULT_ORG_ID, from, to],
    );
    await client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              last_message_at, last_inbound_at, last_message_preview, last_message_direction, last_message_status,
              unread_count, status, created_at, inbox_at, archived_at, snoozed_until, pinned, label_ids)
       select ${seededIdSql("conversation", "i")}, $1, $4, ${seededIdSql("contact", "i")}, 'whatsapp:+4477' || (1000000 + i),
              'Customer ' || i, last_at, last_at, 'Could we move the appointment to Friday?', 'inbound', 'received', i % 3,
              'open', now() - interval '90 days',
              -- the later of the last message and the snooze's end, as the projection keeps it
              case when snoozed then greatest(last_at, snooze_end) else last_at end,
              case when archived then last_at + interval '30 seconds' end,
              case when snoozed then snooze_end end,
              pinned, label_ids
         from (select i, now() - (i || ' minutes')::interval as last_at, ${organisedColumns()}
                 from generate_series($2::int, $3::int) i) s`,
      [DEFAULT_ORG_ID, from, to, CHANNEL_ID],
    );
    await client.query(
      `insert into readmodel.conversation_note (id, org_id, conversation_id, author_id, body, created_at, deleted_at)
       select ${seededIdSql("note", "(i * 8 + j)")}, $1, ${seededIdSql("conversation", "i")}, 'bench-author',
              case when j = 4 then '' else 'Note ' || j || ' on customer ' || i || ': prefers mornings, invoice sent, call before 10.' end,
              now() - (i || ' minutes')::interval - (j || ' hours')::interval,
              case when j = 4 then now() - (i || ' minutes')::interval end
         from generate_series($2::int, $3::int) i, generate_series(1, 1 + ${draw("8")}::int % 5) j
        where ${draw("7")} < ${perTenThousand(INBOX_SEED_SHAPE.notedPercent)}`,
      [DEFAULT_ORG_ID, from, to],
    );
    bar.update(to);
  }
  for (let from = 0; from < messages; from += 50_000) {
    const to = Math.min(messages, from + 50_000) - 1;
    await client.query(
      `insert into readmodel.message (id, org_id, conversation_id, direction, provider_sid, body, status, sent_at)
       select ${seededIdSql("message", "m")}, $1, ${seededIdSql("conversation", "(1 + m % $4)")},
              case when m % 4 = 0 then 'outbound' else 'inbound' end,
              'SM' || md5('message' || m), 'Message ' || m || ': could we move the appointment to Friday morning?',
              case when m % 4 = 0 then 'delivered' else 'received' end,
              now() - ((m / $4) || ' hours')::interval - ((1 + m % $4) || ' minutes')::interval
         from generate_series($2::int, $3::int) m`,
      [DEFAULT_ORG_ID, from, to, conversations],
    );
    bar.update(conversations + to + 1);
  }
  bar.stop();
  await client.query("analyze");
}

/** What a seed holds, counted in the database after it (the shares of `INBOX_SEED_SHAPE` as they came out). */
export interface SeededInbox {
  labelled: number;
  archived: number;
  snoozed: number;
  snoozedDue: number;
  pinned: number;
  noted: number;
  notes: number;
  /** Conversations carrying each label, most first. */
  byLabel: { labelId: string; conversations: number }[];
}

export async function countSeeded(client: pg.Client): Promise<SeededInbox> {
  const { rows } = await client.query<Record<string, string>>(
    `select count(*) filter (where label_ids <> '[]') as labelled,
            count(*) filter (where archived_at is not null) as archived,
            count(*) filter (where snoozed_until is not null) as snoozed,
            count(*) filter (where snoozed_until <= now()) as snoozed_due,
            count(*) filter (where pinned) as pinned,
            (select count(distinct conversation_id) from readmodel.conversation_note) as noted,
            (select count(*) from readmodel.conversation_note) as notes
       from readmodel.conversation where org_id = $1`,
    [DEFAULT_ORG_ID],
  );
  const byLabel = await client.query<{ label_id: string; conversations: string }>(
    `select l.id as label_id, count(c.id) as conversations
       from readmodel.label l
       left join readmodel.conversation c on c.org_id = l.org_id and c.label_ids @> jsonb_build_array(l.id::text)
      where l.org_id = $1
      group by l.id order by count(c.id) desc, l.id`,
    [DEFAULT_ORG_ID],
  );
  const row = rows[0] ?? {};
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    labelled: n("labelled"),
    archived: n("archived"),
    snoozed: n("snoozed"),
    snoozedDue: n("snoozed_due"),
    pinned: n("pinned"),
    noted: n("noted"),
    notes: n("notes"),
    byLabel: byLabel.rows.map((r) => ({ labelId: r.label_id, conversations: Number(r.conversations) })),
  };
}

/** Up to `count` random conversations with notes and labels, for the conversation loader's figures. */
export async function notedLabelledConversations(client: pg.Client, count: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `select c.id from readmodel.conversation c
      where c.org_id = $1 and c.label_ids <> '[]'
        and exists (select 1 from readmodel.conversation_note n where n.org_id = c.org_id and n.conversation_id = c.id)
      order by random() limit $2`,
    [DEFAULT_ORG_ID, count],
  );
  return rows.map((r) => r.id);
}
