#!/usr/bin/env node
// `pnpm cloudpa <command>`: the operator CLI. Each command lives with the part that owns it.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const owners = {
  status: "services/projector/dist/cli.js",
  rebuild: "services/projector/dist/cli.js",
  replay: "services/projector/dist/cli.js",
  reconcile: "services/ingress/dist/cli.js",
  tokens: "web/cli/cli.ts",
};
const [command, ...args] = process.argv.slice(2);
const owner = owners[command];
if (!owner) {
  console.error(`usage: pnpm cloudpa <${Object.keys(owners).join("|")}> [options]`);
  process.exit(2);
}
const result = spawnSync(process.execPath, [join(root, owner), command, ...args], { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
