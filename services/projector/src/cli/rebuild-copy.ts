import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type CopiedRows, type CopiedTable, copyInSql, copyInText } from "@cloudpa/read-model/projection";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** Rows per chunk of COPY text: the text of one chunk is all that is held at a time. */
const ROWS_PER_CHUNK = 2000;

/**
 * Writes rows into a rebuild's fresh table with `COPY … FROM STDIN` (text format), streamed in
 * chunks, so neither the rows' text nor a statement grows with their number.
 */
export async function copyRows<T extends CopiedTable>(
  client: pg.PoolClient,
  schema: string,
  table: T,
  rows: Iterable<CopiedRows[T]>,
): Promise<number> {
  let copied = 0;
  function* chunks(): Generator<string> {
    let chunk: CopiedRows[T][] = [];
    for (const row of rows) {
      chunk.push(row);
      if (chunk.length >= ROWS_PER_CHUNK) {
        copied += chunk.length;
        yield copyInText(table, chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) {
      copied += chunk.length;
      yield copyInText(table, chunk);
    }
  }
  const text = chunks();
  const first = text.next();
  if (first.done) return 0;
  // One chunk read ahead at most: Readable.from's default (16 objects) held up to 32,000 rows'
  // text at once when the aggregates are written.
  await pipeline(
    Readable.from(
      (function* () {
        yield first.value;
        yield* text;
      })(),
      { highWaterMark: 1 },
    ),
    client.query(copyFrom(copyInSql(schema, table))),
  );
  return copied;
}
