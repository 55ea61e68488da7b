import { createReadModelOrm, type ReadModelOrm } from "@cloudpa/read-model";
import type pg from "pg";

/**
 * The read model's MikroORM instance and the `pg` pool under it. The projector's write path
 * runs batched SQL on that pool's connections (one statement per table per batch), not
 * one ORM flush per row.
 */
export class ReadModelDatabase {
  private constructor(
    readonly orm: ReadModelOrm,
    readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  static async open(databaseUrl: string, schema: string, poolSize = 4): Promise<ReadModelDatabase> {
    const orm = await createReadModelOrm(databaseUrl, schema, { poolSize });
    const pool = (await orm.em.getConnection().getNativeClient()) as pg.Pool;
    return new ReadModelDatabase(orm, pool, schema);
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
    await this.orm.close(true);
  }
}
