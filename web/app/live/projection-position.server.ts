import type { CloudpaNames } from "@cloudpa/contracts";
import { readCheckpoint, readCheckpointSql, type SqlQueryable } from "@cloudpa/read-model";
import type pg from "pg";
import { endTransaction } from "#app/db/web-pool.server.ts";

/**
 * The projection position of an org: the events stream's sequence its rows include, i.e. the
 * checkpoint of the inbox projection's partition holding the org's events (written in the same
 * transaction as the rows it covers; docs/decisions/007 and 020). `partition`:
 * `names.partitionOf(orgId)`.
 */
export function projectionPosition(db: pg.Pool, schema: string, partition: number): Promise<number> {
  return readCheckpoint(db, schema, { partition });
}

/**
 * Runs a view's read and the checkpoint of its org's partition in one snapshot (a read-only repeatable-read
 * transaction), so the position returned is exactly the one the data reflects: a page compares
 * it with the positions its live stream reports to know whether it is behind.
 */
export async function readAtProjectionPosition<T>(
  db: pg.Pool,
  schema: string,
  partition: number,
  read: (snapshot: SqlQueryable) => Promise<T>,
): Promise<{ position: number; value: T }> {
  const client = await db.connect();
  let checkpoint: pg.QueryResult<{ last_seq: string }>;
  let value: T;
  try {
    // One round trip: the snapshot is taken by the checkpoint's select, the first statement after BEGIN.
    [, checkpoint] = (await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${readCheckpointSql(schema, { partition })}`,
    )) as unknown as [pg.QueryResult, pg.QueryResult<{ last_seq: string }>];
    value = await read(client);
  } catch (error) {
    await endTransaction(client, "ROLLBACK");
    throw error;
  }
  // The reads are done and a read-only transaction's COMMIT changes nothing they saw, so the answer
  // does not wait for it (one sequential round trip less, issue 16); the connection goes back to
  // the pool once it is done, or is dropped if it fails.
  void endTransaction(client, "COMMIT");
  const row = checkpoint.rows[0];
  return { position: row ? Number(row.last_seq) : 0, value };
}

/**
 * An org's view read with its position (readAtProjectionPosition over the org's partition), for a
 * read-model query of the usual shape `(db, { orgId, schema })`, e.g. `channelsOfOrg`: the
 * settings pages whose lists follow the projection live.
 */
export function readOrgViewAtProjectionPosition<T>(
  web: { db: pg.Pool; readModelSchema: string; names: Pick<CloudpaNames, "partitionOf"> },
  orgId: string,
  query: (snapshot: SqlQueryable, input: { orgId: string; schema: string }) => Promise<T>,
): Promise<{ position: number; value: T }> {
  return readAtProjectionPosition(web.db, web.readModelSchema, web.names.partitionOf(orgId), (snapshot) =>
    query(snapshot, { orgId, schema: web.readModelSchema }),
  );
}

/**
 * A view read in ONE statement that also selects the checkpoint (a read-model query's `positionOf`,
 * e.g. inboxPage's): one round trip instead of the transaction's three (BEGIN with the checkpoint,
 * the read, COMMIT), with the same guarantee, as every part of one statement sees one snapshot
 * (docs/decisions/007). The position rides on the statement's rows, so a read that found none
 * (`position` undefined) is done again in readAtProjectionPosition's transaction.
 */
export async function readPositionedAtProjectionPosition<T extends { position?: number | undefined }>(
  db: pg.Pool,
  schema: string,
  partition: number,
  read: (db: SqlQueryable, positionOf: { partition: number } | undefined) => Promise<T>,
): Promise<{ position: number; value: T }> {
  const value = await read(db, { partition });
  if (value.position !== undefined) return { position: value.position, value };
  return readAtProjectionPosition(db, schema, partition, (snapshot) => read(snapshot, undefined));
}
