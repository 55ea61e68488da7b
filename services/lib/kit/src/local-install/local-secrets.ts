import { randomBytes } from "node:crypto";
import {
  generateCredentialsKey,
  generateMediaUrlKey,
  generateSigningKey,
  generateVapidPrivateKey,
  localInstallEnvSchema,
  parseEnv,
} from "@cloudpa/contracts";

/**
 * What `npm start` generates once for a local install, in the order it writes them. Each belongs
 * to the data of the install (its database and streams), not to a checkout: the channel's token
 * in Postgres is sealed with CREDENTIALS_KEY, the stream's events are signed with the producers'
 * keys, a browser's push subscription is bound to the VAPID key, the demo freelancer's password is
 * set in the database.
 */
export const LOCAL_SECRETS: ReadonlyArray<readonly [name: string, generate: () => string]> = [
  ["CREDENTIALS_KEY", generateCredentialsKey],
  ["MEDIA_URL_KEY", generateMediaUrlKey],
  ["SESSION_SECRET", () => randomBytes(32).toString("hex")],
  // The web's Web Push key (docs/decisions/025): a browser subscribed with its public half keeps it.
  ["WEB_PUSH_VAPID_PRIVATE_KEY", generateVapidPrivateKey],
  ["DEMO_EMAIL", () => "demo@cloudpa.local"],
  ["DEMO_PASSWORD", () => randomBytes(9).toString("base64url")],
  ...(["ingress", "outbound", "web"] as const).map(
    (producer) =>
      [
        `${producer.toUpperCase()}_SIGNING_KEY`,
        () => generateSigningKey(producer, `${producer}-local`).signingKey,
      ] as const,
  ),
];

type Values = Record<string, string | undefined>;

export interface SettledSecrets {
  /** What the checkout's `.env` lacked, in LOCAL_SECRETS' order: taken from the install or generated. */
  forCheckout: Array<[name: string, value: string]>;
  /** What the install's record lacked: the checkout's own value, or the one generated for both. */
  forInstall: Array<[name: string, value: string]>;
  taken: string[];
  generated: string[];
  /** Names whose value in the checkout's `.env` is not the install's (a hand-made or older `.env`). */
  differing: string[];
}

/**
 * Which secrets a checkout's `.env` takes from its install's record, which it generates, and what
 * each file gains (docs/decisions/045). The environment wins over both files: a name it sets is
 * neither written nor recorded.
 */
export function settleLocalSecrets(
  input: { environment: Values; checkout: Values; install: Values },
  secrets = LOCAL_SECRETS,
): SettledSecrets {
  const settled: SettledSecrets = { forCheckout: [], forInstall: [], taken: [], generated: [], differing: [] };
  for (const [name, generate] of secrets) {
    if (input.environment[name] !== undefined) continue;
    const own = input.checkout[name];
    const installs = input.install[name];
    if (own !== undefined) {
      if (installs === undefined) settled.forInstall.push([name, own]);
      else if (installs !== own) settled.differing.push(name);
    } else if (installs !== undefined) {
      settled.forCheckout.push([name, installs]);
      settled.taken.push(name);
    } else {
      const value = generate();
      settled.forCheckout.push([name, value]);
      settled.forInstall.push([name, value]);
      settled.generated.push(name);
    }
  }
  return settled;
}

/**
 * The install a local configuration reaches, as a file name: its namespace, NATS server and
 * database (the environment over `.env` over the defaults every service takes), e.g.
 * `cloudpa@127.0.0.1-4222+127.0.0.1-5432-cloudpa.env`.
 */
export function installNameOf(environment: Values, checkout: Values): string {
  const install = parseEnv(localInstallEnvSchema, { ...checkout, ...definedOnly(environment) });
  const nats = new URL(install.NATS_URL);
  const database = new URL(install.DATABASE_URL);
  const name = [
    `${install.CLOUDPA_NAMESPACE}@${nats.hostname}-${nats.port || 4222}`,
    `${database.hostname}-${database.port || 5432}-${decodeURIComponent(database.pathname.slice(1))}`,
  ].join("+");
  return `${name.replace(/[^A-Za-z0-9._@+-]/g, "_")}.env`;
}

function definedOnly(values: Values): Values {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
