#!/usr/bin/env node
import { runFromEnv } from "./run-from-env.js";

const { sim, log } = await runFromEnv(process.env, (line) => process.stdout.write(`${line}\n`));

const stop = (signal: string) => {
  log({ msg: "twilio-sim stopping", signal });
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));
