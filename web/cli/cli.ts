#!/usr/bin/env node
// The web's operator commands (Node runs this TypeScript directly); USAGE says what each does.
import { parseArgs } from "node:util";
import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { asksForHelp, loadDotEnv, usageOf } from "@cloudpa/kit";
import pg from "pg";
import { createAccount, findAccountByEmail, setPassword, verifyCredentials } from "#app/accounts/accounts.server.ts";
import {
  apiScopesSchema,
  createApiToken,
  listApiTokens,
  tokenLifetimeSchema,
} from "#app/accounts/api-tokens.server.ts";
import { revokeAllSessions } from "#app/accounts/sessions.server.ts";
import { listOperators, setOperator } from "#app/admin/operators.server.ts";
import { openedAuthTokenOf } from "#app/channels/channel-credentials.server.ts";
import { channelRecordOf, connectChannel } from "#app/channels/channels.server.ts";
import { migrateApp } from "#app/db/migrate-app.ts";
import { createWebContext, parseWebEnv } from "#app/web-context.server.ts";

const USAGE = `usage: npm run cloudpa -- <command>
  tokens create --email <email> [--name <name>] [--scope read,send] [--expires-in 30d]
                                print a new API token as the last line (default: read,send, no expiry)
  tokens list --email <email>   the account's tokens: scopes, expiry, last use
  operators grant|revoke --email <email>, operators list
                                who may read any org's event history on the admin pages (/admin)
npm start's own steps (node web/cli/cli.ts <command>):
  migrate                       create or update schema \`app\` (and the inbox's read-model indexes)
  demo-user                     create the demo freelancer (DEMO_EMAIL / DEMO_PASSWORD) in the default org
  demo-channel --account-sid <sid> --auth-token <token> --number <+E164>
                                connect a number to the demo freelancer's org (npm start: the simulator's)`;

/** A command that needs the account's email and was given none says so (the usage follows); exit 2. */
function missingEmail(command: string): number {
  console.error(`${command} needs --email <email>`);
  return 2;
}

/** Connects a number to the demo freelancer's org through the same path as the settings page. */
async function connectDemoChannel(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { "account-sid": { type: "string" }, "auth-token": { type: "string" }, number: { type: "string" } },
  });
  const email = process.env.DEMO_EMAIL;
  if (!email || !values["account-sid"] || !values["auth-token"] || !values.number) return 2;
  const web = await createWebContext(parseWebEnv());
  try {
    const account = await findAccountByEmail(web.db, email);
    if (!account) {
      console.error(`no account with email ${email}: run demo-user first`);
      return 1;
    }
    const externalPhoneId = `whatsapp:${values.number}`;
    const existing = await channelRecordOf(web, account.orgId, externalPhoneId);
    if (existing?.isActive && existing.accountSid === values["account-sid"]) {
      if (openedAuthTokenOf(web, existing) !== undefined) {
        console.log(`channel ${externalPhoneId} already connected`);
        return 0;
      }
      // Connected by another checkout's npm start on this machine: its token is sealed with that
      // .env's CREDENTIALS_KEY, which this one's ingress and outbound cannot open. Sealed again here.
      console.log(`channel ${externalPhoneId} was sealed with another CREDENTIALS_KEY; connecting it again`);
    }
    const outcome = await connectChannel(web, account, {
      accountSid: values["account-sid"],
      authToken: values["auth-token"],
      number: values.number,
      displayName: "Demo (Twilio simulator)",
    });
    console.log(
      outcome.kind === "connected" ? `channel ${externalPhoneId} connected` : `channel not connected: ${outcome.kind}`,
    );
    return outcome.kind === "connected" ? 0 : 1;
  } finally {
    await web.close();
  }
}

function databaseUrl(): string {
  return process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/cloudpa";
}

async function withPool<T>(run: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 2 });
  try {
    return await run(pool);
  } finally {
    await pool.end();
  }
}

/** `tokens create`: scopes and lifetime go through the same schemas as the settings form. */
async function createToken(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      name: { type: "string", default: "cli" },
      scope: { type: "string", default: "read,send" },
      "expires-in": { type: "string", default: "" },
    },
  });
  if (!values.email) return missingEmail("tokens create");
  const scopes = apiScopesSchema.safeParse(values.scope);
  const lifetime = tokenLifetimeSchema.safeParse(values["expires-in"]);
  if (!scopes.success || !lifetime.success) {
    console.error((scopes.error ?? lifetime.error)?.issues[0]?.message);
    return 2;
  }
  const email = values.email;
  return withPool(async (pool) => {
    const account = await findAccountByEmail(pool, email);
    if (!account) {
      console.error(`no account with email ${email}`);
      return 1;
    }
    const expiresAt = lifetime.data === undefined ? undefined : new Date(Date.now() + lifetime.data);
    const token = await createApiToken(pool, account, values.name, { scopes: scopes.data, expiresAt });
    console.error(
      `API token "${values.name}" for ${account.email} (org ${account.orgId}), scopes ${scopes.data.join(",")}, ` +
        `${expiresAt ? `expires ${expiresAt.toISOString()}` : "no expiry"}; it is shown only now:`,
    );
    console.log(token);
    return 0;
  });
}

/** `tokens list`: one line per live token (never the token itself: only its hash is kept). */
async function listTokens(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: "string" } } });
  const email = values.email;
  if (!email) return missingEmail("tokens list");
  return withPool(async (pool) => {
    const account = await findAccountByEmail(pool, email);
    if (!account) {
      console.error(`no account with email ${email}`);
      return 1;
    }
    const tokens = await listApiTokens(pool, account);
    if (tokens.length === 0) console.log(`no API tokens for ${account.email}`);
    for (const token of tokens)
      console.log(
        [
          token.id,
          JSON.stringify(token.name),
          `scopes=${token.scopes.join(",")}`,
          `created=${token.createdAt.toISOString()}`,
          `expires=${token.expiresAt?.toISOString() ?? "never"}`,
          `last-used=${token.lastUsedAt?.toISOString() ?? "never"}`,
        ].join("  "),
      );
    return 0;
  });
}

async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  loadDotEnv(new URL("../../.env", import.meta.url).pathname);
  const [command, sub, ...rest] = argv;
  if (asksForHelp(argv)) {
    console.log(usageOf(USAGE, command));
    return 0;
  }
  switch (command) {
    case "migrate": {
      const applied = await migrateApp(databaseUrl());
      console.log(applied.length > 0 ? `app schema: applied ${applied.join(", ")}` : "app schema: up to date");
      return 0;
    }
    case "tokens": {
      const code = sub === "create" ? await createToken(rest) : sub === "list" ? await listTokens(rest) : 2;
      if (code !== 2) return code;
      break;
    }
    case "operators": {
      if (sub === "list") {
        const operators = await withPool(listOperators);
        console.log(operators.length > 0 ? operators.join("\n") : "no operators");
        return 0;
      }
      if (sub !== "grant" && sub !== "revoke") break;
      const { values } = parseArgs({ args: rest, options: { email: { type: "string" } } });
      if (!values.email) {
        missingEmail(`operators ${sub}`);
        break;
      }
      const email = values.email;
      return withPool(async (pool) => {
        if (!(await setOperator(pool, email, sub === "grant"))) {
          console.error(`no account with email ${email}`);
          return 1;
        }
        console.log(
          sub === "grant"
            ? `${email} is an operator: /admin shows any org's event history`
            : `${email} is no longer an operator`,
        );
        return 0;
      });
    }
    case "demo-user": {
      const email = process.env.DEMO_EMAIL;
      const password = process.env.DEMO_PASSWORD;
      if (!email || !password) {
        console.error("demo-user needs DEMO_EMAIL and DEMO_PASSWORD");
        return 2;
      }
      const orgId = process.env.DEFAULT_ORG_ID || DEFAULT_ORG_ID;
      return withPool(async (pool) => {
        const signedIn = await verifyCredentials(pool, email, password);
        if (signedIn) {
          console.log(`demo user ${email} already exists (org ${signedIn.orgId})`);
          return 0;
        }
        const existing = await findAccountByEmail(pool, email);
        if (existing) {
          // Made by another checkout's npm start on this machine (its .env's password): npm start
          // prints this .env's DEMO_PASSWORD, so that is made true.
          await setPassword(pool, existing.userId, password);
          await revokeAllSessions(pool, existing);
          console.log(`demo user ${email} already existed with another password: it is now this .env's DEMO_PASSWORD`);
          return 0;
        }
        const account = await createAccount(pool, {
          email: email.toLowerCase(),
          password,
          businessName: "Demo freelancer",
          orgId,
        });
        console.log(`demo user ${account.email} created in org ${account.orgId}`);
        return 0;
      });
    }
    case "demo-channel": {
      const code = await connectDemoChannel([sub, ...rest].filter((arg): arg is string => arg !== undefined));
      if (code !== 2) return code;
      break;
    }
  }
  console.error(usageOf(USAGE, command));
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`cloudpa-web: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
