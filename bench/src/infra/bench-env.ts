import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

/** The repository root (bench/dist/src/infra → four levels up; bench/src/infra under vitest → three). */
export const repoRoot = fileURLToPath(
  new URL(import.meta.url.includes("/dist/") ? "../../../../" : "../../../", import.meta.url),
);

export const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
export const serverDatabaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A name no other run uses: valid as a namespace, a database and a queue name. */
export function benchName(prefix = "b"): string {
  return `${prefix}${randomBytes(5).toString("hex")}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
