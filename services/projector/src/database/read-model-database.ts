import type { Logger } from "@cloudpa/kit";
import { POSTGRES_CONNECT_TIMEOUT_MS } from "@cloudpa/read-model/projection";
import pg from "pg";

/** Date, timestamp, timestamptz and interval, and their arrays (Postgres type oids). */
const TIME_TYPES = [1082, 1114, 1184, 1186];
const TIME_ARRAY_TYPES = [1182, 1115, 1185, 1187];
const TEXT_ARRAY = 1009;

/**
 * How the pool reads values: as MikroORM's pool did, which this one replaces, so every reader sees
 * the same values: times kept as Postgres writes them (strings, and arrays of strings), the rest
 * as `pg` reads them.
 */
const getTypeParser: pg.CustomTypesConfig["getTypeParser"] = (oid, format) => {
  if (TIME_TYPES.includes(oid)) return (value: string) => value;
  if (TIME_ARRAY_TYPES.includes(oid)) return pg.types.getTypeParser(TEXT_ARRAY as typeof oid, format);
  return pg.types.getTypeParser(oid, format);
};
const types: pg.CustomTypesConfig = { getTypeParser };

/**
 * The read model's Postgres pool. The projector writes with batched SQL of its own (one statement
 * per table per batch, docs/decisions/008), never through the ORM's unit of work, so it opens a
 * plain `pg` pool rather than a MikroORM instance: the ORM's driver and metadata stay out of the
 * process (issue 16). The schema is created and migrated by `cloudpa migrate`, as before.
 */
export class ReadModelDatabase {
  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  /**
   * A connection that fails (Postgres restarted, the network dropped it) is logged and left to the
   * pool, which opens another: the query it was running fails on its own and is retried by its
   * caller. Without these listeners such an error, idle or between two queries, ends the process.
   */
  static async open(
    databaseUrl: string,
    schema: string,
    poolSize = 4,
    logger?: Pick<Logger, "warn">,
  ): Promise<ReadModelDatabase> {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      min: 0,
      max: poolSize,
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
      types,
    });
    const failed = (error: Error) =>
      logger
        ? logger.warn("Postgres connection failed", { error: error.message, schema })
        : process.stderr.write(`Postgres connection failed: ${error.message}\n`);
    pool.on("error", failed);
    pool.on("connect", (client) => client.on("error", failed));
    return new ReadModelDatabase(pool, schema);
  }

  async reachable(): Promise<boolean> {
    try {
      await this.pool.query("select 1");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
