import { type TestDatabase, testDatabase } from "@cloudpa/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateApp } from "#app/db/migrate-app.ts";
import { type Account, createAccount } from "./accounts.server.ts";
import {
  accountOfSession,
  createSession,
  LAST_SEEN_EVERY_SECONDS,
  listSessions,
  pruneExpiredSessions,
  revokeAllSessions,
  revokeOtherSessions,
  revokeSession,
  rotateSession,
  SESSION_COOKIE,
} from "./sessions.server.ts";
import { secretHash } from "./tokens.server.ts";

const password = "quiet lantern orbit 58";
const androidChrome =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const macSafari =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await testDatabase();
  await migrateApp(database.url);
  db = new pg.Pool({ connectionString: database.url, max: 4 });
});
afterAll(async () => {
  await db?.end();
  await database?.drop();
});

let emails = 0;
async function newAccount(): Promise<Account> {
  emails += 1;
  return createAccount(db, { email: `s${emails}@example.com`, password, businessName: `S${emails}` });
}

function browser(userAgent: string, token?: string): Request {
  const headers = new Headers({ "user-agent": userAgent });
  if (token) headers.set("cookie", `${SESSION_COOKIE}=${token}`);
  return new Request("http://localhost/login", { method: "POST", headers });
}

async function lastSeenOf(token: string): Promise<Date> {
  const { rows } = await db.query<{ last_seen_at: Date }>(
    "SELECT last_seen_at FROM app.sessions WHERE token_hash = $1",
    [secretHash(token)],
  );
  return rows[0]!.last_seen_at;
}

describe("the session store", () => {
  it("lists the account's live sessions with their device, the current one first and marked", async () => {
    const account = await newAccount();
    const stranger = await newAccount();
    const phone = await createSession(db, account, browser(androidChrome));
    const laptop = await createSession(db, account, browser(macSafari));
    await createSession(db, stranger, browser(macSafari));

    const seenFromLaptop = await listSessions(db, account, laptop);
    expect(seenFromLaptop).toEqual([
      expect.objectContaining({ device: "Safari on macOS", current: true }),
      expect.objectContaining({ device: "Chrome on Android", current: false }),
    ]);
    expect(seenFromLaptop[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await listSessions(db, account, phone))[0]).toMatchObject({ device: "Chrome on Android", current: true });
    expect(await listSessions(db, stranger, laptop)).toEqual([expect.objectContaining({ current: false })]);
  });

  it("logs one session out: its cookie stops working, the others go on; another account cannot touch it", async () => {
    const account = await newAccount();
    const stranger = await newAccount();
    const phone = await createSession(db, account, browser(androidChrome));
    const laptop = await createSession(db, account, browser(macSafari));
    const phoneId = (await listSessions(db, account, phone)).find((s) => s.current)!.id;

    expect(await revokeSession(db, stranger, phoneId, undefined)).toBe("none");
    expect(await accountOfSession(db, phone)).toMatchObject({ userId: account.userId });

    expect(await revokeSession(db, account, phoneId, laptop)).toBe("other");
    expect(await accountOfSession(db, phone)).toBeUndefined();
    expect(await accountOfSession(db, laptop)).toMatchObject({ userId: account.userId });
    expect(await revokeSession(db, account, phoneId, laptop)).toBe("none");

    const laptopId = (await listSessions(db, account, laptop))[0]!.id;
    expect(await revokeSession(db, account, laptopId, laptop)).toBe("current");
    expect(await accountOfSession(db, laptop)).toBeUndefined();
  });

  it("logs out everywhere else (keeping this one) and everywhere, never another account's sessions", async () => {
    const account = await newAccount();
    const stranger = await newAccount();
    const here = await createSession(db, account, browser(macSafari));
    const elsewhere = [await createSession(db, account), await createSession(db, account, browser(androidChrome))];
    const strangers = await createSession(db, stranger);

    expect(await revokeOtherSessions(db, account, here)).toBe(2);
    for (const token of elsewhere) expect(await accountOfSession(db, token)).toBeUndefined();
    expect(await accountOfSession(db, here)).toMatchObject({ userId: account.userId });
    expect(await listSessions(db, account, here)).toEqual([expect.objectContaining({ current: true })]);

    await createSession(db, account);
    expect(await revokeAllSessions(db, account)).toBe(2);
    expect(await accountOfSession(db, here)).toBeUndefined();
    expect(await listSessions(db, account, here)).toEqual([]);
    expect(await accountOfSession(db, strangers)).toMatchObject({ userId: stranger.userId });
  });

  it("prunes expired sessions, all of them on the schedule or one account's at log-in", async () => {
    const account = await newAccount();
    const other = await newAccount();
    const expired = await createSession(db, account);
    const otherExpired = await createSession(db, other);
    const live = await createSession(db, account);
    await db.query("UPDATE app.sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ANY($1)", [
      [secretHash(expired), secretHash(otherExpired)],
    ]);
    expect(await listSessions(db, account, live)).toHaveLength(1);

    expect(await pruneExpiredSessions(db, account)).toBe(1);
    const count = async (token: string) =>
      (await db.query("SELECT 1 FROM app.sessions WHERE token_hash = $1", [secretHash(token)])).rowCount;
    expect(await count(expired)).toBe(0);
    expect(await count(otherExpired)).toBe(1);

    expect(await pruneExpiredSessions(db)).toBeGreaterThanOrEqual(1);
    expect(await count(otherExpired)).toBe(0);
    expect(await count(live)).toBe(1);
  });

  it("rotates: a new id for the same account, and the old id no longer works", async () => {
    const account = await newAccount();
    const before = await createSession(db, account, browser(androidChrome));
    const rotated = await rotateSession(db, browser(macSafari, before), account, { secure: true });

    expect(rotated.token).not.toBe(before);
    expect(rotated.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=${rotated.token}; .*HttpOnly.*Secure`));
    expect(await accountOfSession(db, before)).toBeUndefined();
    expect(await accountOfSession(db, rotated.token)).toMatchObject({ userId: account.userId, orgId: account.orgId });
    expect(await listSessions(db, account, rotated.token)).toEqual([
      expect.objectContaining({ device: "Safari on macOS", current: true }),
    ]);
  });

  it("moves last seen at most once a minute per session, not on every request", async () => {
    const account = await newAccount();
    const token = await createSession(db, account);
    const created = await lastSeenOf(token);
    for (let i = 0; i < 5; i += 1) await accountOfSession(db, token);
    expect(await lastSeenOf(token)).toEqual(created);

    // A minute (and a second) later, by moving the clock of the row back instead of waiting.
    await db.query(
      "UPDATE app.sessions SET last_seen_at = last_seen_at - make_interval(secs => $2) WHERE token_hash = $1",
      [secretHash(token), LAST_SEEN_EVERY_SECONDS + 1],
    );
    const stale = await lastSeenOf(token);
    await accountOfSession(db, token);
    const seen = await lastSeenOf(token);
    expect(seen.getTime()).toBeGreaterThan(stale.getTime());
    await accountOfSession(db, token);
    expect(await lastSeenOf(token)).toEqual(seen);
  });

  it("reads the session on every request through its named statement: an ended session stops at once on that connection", async () => {
    const account = await newAccount();
    const token = await createSession(db, account);
    // One connection, so its prepared statement (and after five runs perhaps Postgres's generic plan) serves each read.
    const connection = await db.connect();
    try {
      for (let i = 0; i < 7; i += 1)
        expect(await accountOfSession(connection, token)).toMatchObject({ userId: account.userId });
      const { rows } = await connection.query<{ name: string }>("SELECT name FROM pg_prepared_statements");
      expect(rows.map((row) => row.name)).toContain("session-of-token");
      await revokeAllSessions(db, account);
      expect(await accountOfSession(connection, token)).toBeUndefined();
    } finally {
      connection.release();
    }
  });
});
