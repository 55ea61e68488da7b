import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type TestDatabase, testDatabase } from "./test-database.js";
import { type TestKeys, testKeys } from "./test-keys.js";
import { type TestNats, testNats } from "./test-nats.js";

export interface Testbed {
  readonly nats: TestNats;
  readonly db: TestDatabase;
  readonly keys: TestKeys;
  /**
   * Closes `resource` when the tests are done, before the namespace and the database go:
   * the last one handed over is closed first, so a service goes before the proxy it talks through.
   */
  closeAfter<T extends { close(): Promise<unknown> }>(resource: T): T;
  closeAfter<T>(resource: T, close: (resource: T) => Promise<unknown>): T;
}

/**
 * A namespace on NATS, a database and producer keys for the tests of the describe block it is
 * called in: made before them (before each with `perTest`), removed after them. Read its fields
 * inside hooks and tests, once they run.
 */
export function testbed(options: { perTest?: boolean; database?: boolean } = {}): Testbed {
  let made: { nats: TestNats; db: TestDatabase | undefined; keys: TestKeys } | undefined;
  let closers: (() => Promise<unknown>)[] = [];
  const current = () => {
    if (!made) throw new Error("the testbed is read before its set-up ran: read it inside a hook or a test");
    return made;
  };

  const setUp = async () => {
    const [nats, db] = await Promise.all([testNats(), options.database === false ? undefined : testDatabase()]);
    made = { nats, db, keys: testKeys() };
  };
  const tearDown = async () => {
    for (const close of closers.reverse()) await close();
    closers = [];
    await made?.nats.cleanup();
    await made?.db?.drop();
    made = undefined;
  };
  if (options.perTest) {
    beforeEach(setUp);
    afterEach(tearDown);
  } else {
    beforeAll(setUp);
    afterAll(tearDown);
  }

  return {
    get nats() {
      return current().nats;
    },
    get db() {
      const { db } = current();
      if (!db) throw new Error("this testbed was made without a database");
      return db;
    },
    get keys() {
      return current().keys;
    },
    closeAfter<T>(resource: T, close?: (resource: T) => Promise<unknown>): T {
      closers.push(() => (close ? close(resource) : (resource as { close(): Promise<unknown> }).close()));
      return resource;
    },
  };
}
