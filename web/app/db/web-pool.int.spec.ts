// The web's Postgres pool when Postgres is slow or stops answering: each statement fails within its
// limit instead of hanging the page, and no client that waited is lent to the next page.
import { endpointOf, type TcpProxy, type TestDatabase, tcpProxy, testDatabase, viaProxy } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAtProjectionPosition } from "#app/live/projection-position.server.ts";
import { webPool } from "./web-pool.server.ts";

const limits = { connectMs: 1_000, statementMs: 500, answerMs: 1_000 };

describe("the web's Postgres pool", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  beforeAll(async () => {
    database = await testDatabase();
    proxy = await tcpProxy(endpointOf(database.url, 5432));
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it("has Postgres cancel a statement that runs past its limit, and goes on", async () => {
    const pool = webPool(database.url, limits);
    try {
      await expect(pool.query("select pg_sleep(5)")).rejects.toThrow(/statement timeout/);
      expect((await pool.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it("gives up on a Postgres that stops answering, and drops every client that waited for it", async () => {
    const pool = webPool(viaProxy(database.url, proxy), limits);
    try {
      // Two clients connected and idle, as a running web has them.
      await Promise.all([pool.query("select pg_sleep(0.05)"), pool.query("select pg_sleep(0.05)")]);
      expect(pool.idleCount).toBe(2);

      proxy.delay(120_000); // the connections stay open and nothing comes back: a frozen Postgres
      await expect(pool.query("select 1")).rejects.toThrow(/Query read timeout/);
      // A page's snapshot: its read is given up, then its ROLLBACK, and its client is dropped too.
      await expect(
        readAtProjectionPosition(pool, "readmodel", 0, (snapshot) => snapshot.query("select 1")),
      ).rejects.toThrow(/Query read timeout/);
      expect(pool.totalCount).toBe(0);
      // A new connection is not accepted in time either.
      await expect(pool.query("select 1")).rejects.toThrow(/connection timeout/);
    } finally {
      proxy.cut();
      await pool.end();
      proxy.restore();
    }
  });
});
