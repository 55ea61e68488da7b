import { parseEnv, twilioSimEnvSchema, webhookUrlsFor } from "@cloudpa/contracts";
import { SIM_DEMO_ACCOUNT_SID, SIM_DEMO_AUTH_TOKEN } from "./demo-account.js";
import { startTwilioSim, type TwilioSim } from "./twilio-sim.js";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/**
 * Starts the simulator as `main.ts` does, from env: the account it accepts (the demo account when
 * TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are unset), its number, and inbound webhooks to the ingress at
 * PUBLIC_BASE_URL with Cloud PA's retry overrides. Logs JSON lines (never a token or a message body).
 */
export async function runFromEnv(
  env: Record<string, string | undefined>,
  writeLine: (line: string) => void,
): Promise<{ sim: TwilioSim; log: (record: Record<string, unknown>) => void }> {
  const config = parseEnv(twilioSimEnvSchema, env);
  const log = (record: Record<string, unknown>) => {
    if (LEVELS.info < LEVELS[config.LOG_LEVEL]) return;
    writeLine(JSON.stringify({ time: new Date().toISOString(), level: "info", service: "twilio-sim", ...record }));
  };
  const usesDemoAccount = !config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN;
  const account = usesDemoAccount
    ? { accountSid: SIM_DEMO_ACCOUNT_SID, authToken: SIM_DEMO_AUTH_TOKEN }
    : { accountSid: config.TWILIO_ACCOUNT_SID as string, authToken: config.TWILIO_AUTH_TOKEN as string };
  const inboundWebhookUrl = webhookUrlsFor(config.PUBLIC_BASE_URL).inbound;

  // All interfaces: in a container the ingress and the browser reach the simulator from outside.
  const sim = await startTwilioSim({
    port: config.TWILIO_SIM_PORT,
    host: "0.0.0.0",
    accounts: [account],
    numbers: [config.TWILIO_WHATSAPP_FROM],
    inboundWebhookUrl,
    log,
  });
  log({
    msg: "twilio-sim listening",
    port: sim.port,
    phone: `http://localhost:${sim.port}/`,
    accountSid: account.accountSid,
    demoAccount: usesDemoAccount,
    number: config.TWILIO_WHATSAPP_FROM,
    inboundWebhookUrl,
  });
  return { sim, log };
}
