#!/usr/bin/env node
import { parseEnv, twilioSimEnvSchema, webhookUrlsFor } from "@cloudpa/contracts";
import { SIM_DEMO_ACCOUNT_SID, SIM_DEMO_AUTH_TOKEN } from "./demo-account.js";
import { startTwilioSim } from "./twilio-sim.js";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

const env = parseEnv(twilioSimEnvSchema);
const writeLine = (level: keyof typeof LEVELS, record: Record<string, unknown>) => {
  if (LEVELS[level] < LEVELS[env.LOG_LEVEL]) return;
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, service: "twilio-sim", ...record })}\n`,
  );
};

const usesDemoAccount = !env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN;
const account = usesDemoAccount
  ? { accountSid: SIM_DEMO_ACCOUNT_SID, authToken: SIM_DEMO_AUTH_TOKEN }
  : { accountSid: env.TWILIO_ACCOUNT_SID as string, authToken: env.TWILIO_AUTH_TOKEN as string };
const inboundWebhookUrl = webhookUrlsFor(env.PUBLIC_BASE_URL).inbound;

// All interfaces: in a container the ingress and the browser reach the simulator from outside.
const sim = await startTwilioSim({
  port: env.TWILIO_SIM_PORT,
  host: "0.0.0.0",
  accounts: [account],
  numbers: [env.TWILIO_WHATSAPP_FROM],
  inboundWebhookUrl,
  log: (record) => writeLine("info", record),
});
writeLine("info", {
  msg: "twilio-sim listening",
  port: sim.port,
  phone: `http://localhost:${sim.port}/`,
  accountSid: account.accountSid,
  demoAccount: usesDemoAccount,
  number: env.TWILIO_WHATSAPP_FROM,
  inboundWebhookUrl,
});

const stop = (signal: string) => {
  writeLine("info", { msg: "twilio-sim stopping", signal });
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));
