#!/usr/bin/env node
// `npm run cloudpa -- <command>`: the operator CLI, on the pinned Node (scripts/bootstrap.mjs
// builds what changed first). Each command lives with the part that owns it and reads the same
// configuration as the services: the environment, then `.env` (the kit's loadDotEnv).
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const owners = {
  migrate: "services/projector/dist/cli.js",
  status: "services/projector/dist/cli.js",
  rebuild: "services/projector/dist/cli.js",
  replay: "services/projector/dist/cli.js",
  quarantine: "services/projector/dist/cli.js",
  events: "services/projector/dist/cli.js",
  conversation: "services/projector/dist/cli.js",
  partitions: "services/projector/dist/cli.js",
  reconcile: "services/ingress/dist/cli.js",
  tokens: "web/cli/cli.ts",
  operators: "web/cli/cli.ts",
};
/** What each owner's commands are about, for the list `help` prints. */
const areas = {
  "services/projector/dist/cli.js": "the stream and the read model",
  "services/ingress/dist/cli.js": "Twilio",
  "web/cli/cli.ts": "the web's accounts",
};
const [command, ...args] = process.argv.slice(2);
const owner = owners[command];
if (!owner) {
  const asked = command === undefined || ["help", "--help", "-h"].includes(command);
  const lines = Object.entries(areas).map(
    ([path, area]) =>
      `  ${`${area}:`.padEnd(32)}${Object.keys(owners)
        .filter((name) => owners[name] === path)
        .join(", ")}`,
  );
  const text = `usage: npm run cloudpa -- <command> [options]\n${lines.join("\n")}\n\`npm run cloudpa -- <command> --help\` shows a command's options.`;
  if (asked) console.log(text);
  else console.error(`cloudpa: unknown command "${command}"\n${text}`);
  process.exit(asked ? 0 : 2);
}
const child = spawn(process.execPath, [join(root, owner), command, ...args], { stdio: "inherit", cwd: root });
// Ctrl-C reaches the command from the terminal; it stops safely on its own (a rebuild keeps the live read model).
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
