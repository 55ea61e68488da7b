import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Runs this CLI's `migrate --schema <schema>` in a child process and waits for it (decision 041).
 * The migrations need MikroORM, its migrator and kysely, about 15 MB a process keeps once loaded;
 * a rebuild that migrated its fresh schema itself would carry them through its whole load. The
 * child inherits the environment (DATABASE_URL) and this process's V8 flags, and its errors are
 * this one's.
 */
export function migrateInChildProcess(schema: string): Promise<void> {
  const cli = fileURLToPath(new URL("../cli.js", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, cli, "migrate", "--schema", schema], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`migrating schema ${schema} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
}
