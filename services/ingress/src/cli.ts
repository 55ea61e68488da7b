import { ingressEnvSchema, parseEnv } from "@cloudpa/contracts";
import { asksForHelp, createLogger, errorContext, loadDotEnv } from "@cloudpa/kit";
import { reconcile } from "./reconcile/reconcile.js";
import { parseSince } from "./reconcile/since.js";

const USAGE = `usage: npm run cloudpa -- reconcile --since <ISO time | duration such as 90m, 2h, 7d>
  asks Twilio for the inbound messages since then and appends those whose webhook never arrived`;

/** `npm run cloudpa -- reconcile --since …`: appends the inbound messages whose webhooks the stream lacks. */
async function main(args: string[]): Promise<number> {
  const [command, ...options] = args;
  if (asksForHelp(options)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== "reconcile") {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const at = options.indexOf("--since");
  const sinceArg = at >= 0 ? options[at + 1] : options.find((o) => o.startsWith("--since="))?.slice(8);
  const since = parseSince(sinceArg, new Date());
  if (!since) {
    process.stderr.write(`${sinceArg ? `cannot read --since "${sinceArg}"\n` : ""}${USAGE}\n`);
    return 2;
  }
  loadDotEnv();
  const env = parseEnv(ingressEnvSchema);
  // Operational detail goes to the JSON log on stderr-worthy levels only; the report goes to stdout.
  const logger = createLogger("ingress-reconcile", env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);
  const result = await reconcile(env, since, logger);
  for (const channel of result.channels) {
    const line = channel.skipped
      ? `${channel.number}: skipped (${channel.skipped})`
      : `${channel.number}: ${channel.listed} inbound listed, ${channel.missing} missing, ${channel.appended} appended` +
        (channel.failed ? `, ${channel.failed} left for the next run` : "");
    process.stdout.write(`${line}\n`);
  }
  process.stdout.write(
    `reconcile since ${result.since}: ${result.missing} missing, ${result.appended} appended across ${result.channels.length} channel(s)\n`,
  );
  return result.failed > 0 || result.channels.some((channel) => channel.skipped) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reconcile failed: ${errorContext(error).error}\n`);
    process.exit(1);
  },
);
