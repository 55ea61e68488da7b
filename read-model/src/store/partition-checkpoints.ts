import { INBOX_PROJECTION, WHOLE_STREAM } from "./read-model-store.js";
import { quoteIdent, type SqlRunner } from "./sql-runner.js";

/** One partition's checkpoint as `cloudpa status` shows it. */
export interface PartitionCheckpoint {
  projection: string;
  stream: string;
  /** -1: the whole stream (an unpartitioned consumer, or the checkpoint from before partitions). */
  partition: number;
  lastSeq: number;
  leaseEpoch: number;
  updatedAt: string;
}

/**
 * The insert of a partition's first checkpoint, taken from the whole stream's (the checkpoint from
 * before partitions: the unpartitioned projector applied every event up to it, whatever its
 * subject), or 0. `$1` stream, `$2` partition, `$3` fencing token, `$4` projection.
 */
function firstCheckpointSql(schema: string): string {
  const table = `${quoteIdent(schema)}.projection_checkpoint`;
  return `insert into ${table} (projection, stream, partition, last_seq, lease_epoch, updated_at)
    select $4, $1, $2, coalesce((select max(last_seq) from ${table} where projection = $4 and partition = ${WHOLE_STREAM}), 0), $3, now()`;
}

/**
 * A new holder of a partition takes its fencing token (docs/decisions/020): the partition's row
 * gets `epoch` unless it holds a greater one already, and is made from the whole stream's
 * checkpoint if it did not exist. From the commit on, a batch of any older holder fails its epoch
 * check. Returns the checkpoint and the token the row holds: a token other than `epoch` means a
 * newer holder exists, and this one must not apply.
 */
export async function claimPartitionCheckpoint(
  db: SqlRunner,
  schema: string,
  stream: string,
  partition: number,
  epoch: number,
  projection = INBOX_PROJECTION,
): Promise<{ lastSeq: number; leaseEpoch: number }> {
  const { rows } = await db.query(
    `${firstCheckpointSql(schema)}
     on conflict (projection, stream, partition) do update
       set lease_epoch = greatest(projection_checkpoint.lease_epoch, excluded.lease_epoch)
     returning last_seq, lease_epoch`,
    [stream, partition, epoch, projection],
  );
  return { lastSeq: Number(rows[0].last_seq), leaseEpoch: Number(rows[0].lease_epoch) };
}

/**
 * The migration to partitions (the operator's command, issue 17): every partition's checkpoint
 * starts at the whole stream's, so the partitioned consumers skip what the unpartitioned one
 * applied (including events it read in the new subject format). A partition already past it keeps
 * its own. Run with the unpartitioned projector stopped. Returns the whole stream's checkpoint.
 */
export async function seedPartitionCheckpoints(
  db: SqlRunner,
  schema: string,
  stream: string,
  partitions: number,
  projection = INBOX_PROJECTION,
): Promise<number> {
  for (let partition = 0; partition < partitions; partition++) {
    await db.query(
      `${firstCheckpointSql(schema)}
       on conflict (projection, stream, partition) do update
         set last_seq = greatest(projection_checkpoint.last_seq, excluded.last_seq), updated_at = excluded.updated_at`,
      [stream, partition, 0, projection],
    );
  }
  const { rows } = await db.query(
    `select coalesce(max(last_seq), 0) as last_seq from ${quoteIdent(schema)}.projection_checkpoint
      where projection = $1 and partition = ${WHOLE_STREAM}`,
    [projection],
  );
  return Number(rows[0].last_seq);
}

/** Every checkpoint of the schema, by projection and partition. */
export async function readPartitionCheckpoints(db: SqlRunner, schema: string): Promise<PartitionCheckpoint[]> {
  const { rows } = await db.query(
    `select projection, stream, partition, last_seq, lease_epoch, to_json(updated_at) #>> '{}' as updated_at
       from ${quoteIdent(schema)}.projection_checkpoint order by projection, stream, partition`,
  );
  return rows.map((row) => ({
    projection: row.projection,
    stream: row.stream,
    partition: Number(row.partition),
    lastSeq: Number(row.last_seq),
    leaseEpoch: Number(row.lease_epoch),
    updatedAt: row.updated_at,
  }));
}

/**
 * A rebuilt schema takes over the live one's partitions (the swap, under the exclusive swap lock):
 * every partition the live schema has gets `lastSeq` (what the rebuilt one applied, every
 * partition up to it) and keeps its holder's fencing token, so each holder's next batch goes on
 * after it and an older holder stays fenced.
 */
export async function adoptPartitionCheckpoints(
  db: SqlRunner,
  from: string,
  to: string,
  lastSeq: number,
  projection = INBOX_PROJECTION,
): Promise<void> {
  await db.query(
    `insert into ${quoteIdent(to)}.projection_checkpoint (projection, stream, partition, last_seq, lease_epoch, updated_at)
       select projection, stream, partition, greatest(last_seq, $2), lease_epoch, now()
         from ${quoteIdent(from)}.projection_checkpoint where projection = $1 and partition <> ${WHOLE_STREAM}
     on conflict (projection, stream, partition) do update
       set last_seq = excluded.last_seq, lease_epoch = excluded.lease_epoch, updated_at = excluded.updated_at`,
    [projection, lastSeq],
  );
}
