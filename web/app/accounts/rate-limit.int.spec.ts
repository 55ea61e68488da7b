import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateApp } from "#app/db/migrate-app.ts";
import { takeTurn } from "./rate-limit.server.ts";

let database: TestDatabase;
let first: pg.Client;
let second: pg.Client;

beforeAll(async () => {
  database = await testDatabase();
  await migrateApp(database.url);
  first = new pg.Client({ connectionString: database.url });
  second = new pg.Client({ connectionString: database.url });
  await Promise.all([first.connect(), second.connect()]);
});

afterAll(async () => {
  await Promise.all([first?.end(), second?.end()]);
  await database?.drop();
});

describe("takeTurn's Retry-After", () => {
  it("never exceeds the window, even when a turn that started earlier lands after the window's first", async () => {
    // Two requests on two replicas: the first one's transaction starts (its now() is fixed
    // there), the second one's starts later, opens the window and commits; then the first one
    // takes its turn on that window. CI saw Retry-After 3601 for a 3600 s window this way.
    const budget = { key: `test:${crypto.randomUUID()}`, limit: 1, windowMinutes: 60 };
    await first.query("BEGIN");
    await first.query("SELECT now()");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await takeTurn(second, [budget])).toMatchObject({ allowed: true });
    const late = await takeTurn(first, [budget]);
    await first.query("COMMIT");
    expect(late).toMatchObject({ allowed: false });
    if (late.allowed) return;
    expect(late.retryAfterSeconds).toBeLessThanOrEqual(budget.windowMinutes * 60);
    expect(late.retryAfterSeconds).toBeGreaterThan(budget.windowMinutes * 60 - 5);
  });
});
