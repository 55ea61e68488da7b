import { infrastructure } from "./infrastructure.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-database.js";
import { uniqueName } from "./unique-name.js";

export type TestDatabase = ScratchDatabase;

/** A fresh, empty database of its own for one test (file), on the server of DATABASE_URL. */
export async function testDatabase(): Promise<TestDatabase> {
  const { databaseUrl } = await infrastructure();
  return scratchDatabase(databaseUrl, uniqueName("cloudpa_t"));
}
