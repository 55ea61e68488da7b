import pg from "pg";

/** One row of the read model's per-partition checkpoints (columns as the projector writes them). */
export interface PartitionCheckpoint {
  partition: number;
  lastSeq: number;
  /** The fencing token of the partition's holder when it wrote (undefined before leases). */
  leaseEpoch: number | undefined;
}

/** What the scale group reads of one run's read model, on one connection of its own. */
export interface ReadModelProgress {
  messages(): Promise<number>;
  checkpoints(): Promise<PartitionCheckpoint[]>;
  /** Bytes of `readmodel.message` with its indexes and TOAST, per row. */
  bytesPerMessage(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A connection that is opened again when the server ends it: a shared Postgres may terminate
 * backends (another suite's outage test), and a dropped poller must fail the next query, not
 * crash the bench with an unhandled 'error' event.
 */
function reconnectingClient(databaseUrl: string) {
  let current: Promise<pg.Client> | undefined;
  const open = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on("error", () => {
      current = undefined;
    });
    await client.connect();
    return client;
  };
  return {
    async query<Row extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<Row>> {
      current ??= open();
      const client = await current;
      return client.query<Row>(text);
    },
    async end() {
      const client = await current?.catch(() => undefined);
      current = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}

export async function readModelProgress(databaseUrl: string): Promise<ReadModelProgress> {
  const client = reconnectingClient(databaseUrl);
  await client.query("select 1");
  return {
    async messages() {
      const { rows } = await client.query<{ n: string }>("select count(*) as n from readmodel.message");
      return Number(rows[0]?.n ?? 0);
    },
    async checkpoints() {
      // `select *`: the columns are the projector's (P-projector adds partition and lease_epoch).
      const { rows } = await client.query<Record<string, string | number | null>>(
        "select * from readmodel.projection_checkpoint",
      );
      return rows
        .map((row) => ({
          partition: row.partition === undefined || row.partition === null ? -1 : Number(row.partition),
          lastSeq: Number(row.last_seq),
          leaseEpoch: row.lease_epoch === undefined || row.lease_epoch === null ? undefined : Number(row.lease_epoch),
        }))
        .sort((a, b) => a.partition - b.partition);
    },
    async bytesPerMessage() {
      await client.query("analyze readmodel.message");
      const { rows } = await client.query<{ bytes: string; n: string }>(
        "select pg_total_relation_size('readmodel.message') as bytes, (select count(*) from readmodel.message) as n",
      );
      const n = Number(rows[0]?.n ?? 0);
      return n === 0 ? Number.NaN : Number(rows[0]?.bytes ?? 0) / n;
    },
    close: () => client.end(),
  };
}
