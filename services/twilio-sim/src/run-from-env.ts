import { envParts, parseEnv, twilioSimEnvSchema, webhookUrlsFor } from "@cloudpa/contracts";
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
  // TWILIO_API_BASE_URL is where the product reaches the simulator: the base of the Media URLs it is given.
  const config = parseEnv(twilioSimEnvSchema.extend({ TWILIO_API_BASE_URL: envParts.TWILIO_API_BASE_URL }), env);
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
    ...(config.TWILIO_API_BASE_URL ? { mediaBaseUrl: config.TWILIO_API_BASE_URL } : {}),
    // The demo behaves like Twilio: free text outside a customer's 24-hour window fails with 63016.
    enforceWhatsAppWindow: true,
    ...(config.TWILIO_SIM_STATE_FILE ? { stateFile: config.TWILIO_SIM_STATE_FILE } : {}),
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
    mediaBaseUrl: config.TWILIO_API_BASE_URL ?? sim.url,
    stateFile: config.TWILIO_SIM_STATE_FILE ?? "none: in memory only",
    whatsAppWindow: 'enforced (POST /sim/configure {"enforceWhatsAppWindow": false} turns it off)',
  });
  return { sim, log };
}
