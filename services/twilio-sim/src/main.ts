#!/usr/bin/env node
import { runFromEnv } from "./run-from-env.js";

const started = await runFromEnv(process.env, (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
  // One line that says why (an unreadable state file names its path), not a stack trace.
  const record = {
    time: new Date().toISOString(),
    level: "error",
    service: "twilio-sim",
    msg: "twilio-sim cannot start",
  };
  process.stderr.write(
    `${JSON.stringify({ ...record, error: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exit(1);
});
const { sim, log } = started;

const stop = (signal: string) => {
  log({ msg: "twilio-sim stopping", signal });
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));
