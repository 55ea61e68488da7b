import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "#app/db/queryable.server.ts";
import { ACCOUNT_COLUMNS, type Account, type AccountRow, toAccount } from "./accounts.server.ts";
import { LAST_SEEN_EVERY_SECONDS } from "./sessions.server.ts";
import { newSecret, secretHash } from "./tokens.server.ts";

const TOKEN_PREFIX = "cpa_";

/** What a token may do: `read` the inbox and conversations, `send` replies. */
export const API_SCOPES = ["read", "send"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** `--scope read,send` (CLI) or the form's checked boxes, joined: at least one known scope, deduplicated. */
export const apiScopesSchema = z
  .string()
  .transform((text) => [...new Set(text.split(",").map((scope) => scope.trim().toLowerCase()))].filter(Boolean))
  .pipe(
    z
      .array(z.enum(API_SCOPES, { error: `Scopes are ${API_SCOPES.join(" and ")}` }))
      .min(1, "Give the token at least one scope (read, send)"),
  );

const MAX_LIFETIME_DAYS = 366;

/** `30d` or `12h` (CLI `--expires-in`, the form's choice) → milliseconds; empty means no expiry. */
export const tokenLifetimeSchema = z
  .string()
  .trim()
  .regex(/^(|\d{1,4}[dh])$/, "Give the lifetime as days or hours, like 30d or 12h")
  .transform((text) =>
    text === "" ? undefined : Number(text.slice(0, -1)) * (text.endsWith("d") ? 86_400_000 : 3_600_000),
  )
  .refine((ms) => ms === undefined || (ms > 0 && ms <= MAX_LIFETIME_DAYS * 86_400_000), {
    message: `A token lives at least an hour and at most ${MAX_LIFETIME_DAYS} days`,
  });

/**
 * Settings' "create token" form. A post without scopes or a lifetime (a script from before them)
 * gets what the CLI gives: read and send, no expiry.
 */
export const createTokenFormSchema = z.object({
  name: z.string().trim().min(1, "Name the token (what uses it?)").max(60),
  scopes: z.preprocess((scopes) => scopes ?? API_SCOPES.join(","), apiScopesSchema),
  expiresIn: z.preprocess((lifetime) => lifetime ?? "", tokenLifetimeSchema),
});

export interface NewApiToken {
  scopes?: readonly ApiScope[];
  expiresAt?: Date;
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * Creates a personal API token; the plaintext is returned once and stored only as its SHA-256.
 * Without scopes it may read and send (as every token could before scopes existed).
 */
export async function createApiToken(
  db: Queryable,
  account: Account,
  name: string,
  { scopes = API_SCOPES, expiresAt }: NewApiToken = {},
): Promise<string> {
  const token = newSecret(TOKEN_PREFIX);
  await db.query(
    `INSERT INTO app.api_tokens (id, user_id, org_id, name, token_hash, scopes, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [randomUUID(), account.userId, account.orgId, name, secretHash(token), [...scopes], expiresAt ?? null],
  );
  return token;
}

export type ApiTokenCaller =
  | { kind: "valid"; account: Account; tokenId: string; scopes: ApiScope[] }
  | { kind: "expired" }
  | { kind: "unknown" };

/**
 * The statement every API request runs first, named as the session's is (decision 034): the
 * token, its holder's account and org in one indexed read. It was an UPDATE stamping last_used_at
 * on every request (a row version and a WAL flush each) and then a second round trip for the
 * account. The last use is now stamped at most once a minute, as a session's last_seen_at.
 */
const CALLER_OF_TOKEN_SQL = `SELECT t.id, t.scopes, ${ACCOUNT_COLUMNS},
            (t.expires_at IS NOT NULL AND t.expires_at <= now()) AS expired,
            (t.last_used_at IS NULL OR t.last_used_at < now() - make_interval(secs => $2)) AS used_long_ago
       FROM app.api_tokens t
       JOIN app.users u ON u.id = t.user_id
       JOIN app.memberships m ON m.user_id = t.user_id AND m.org_id = t.org_id
       JOIN app.orgs o ON o.id = t.org_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL`;

/** The token's holder and scopes, stamping its last use (once a minute); an expired token is told apart, and not stamped. */
export async function callerOfApiToken(db: Queryable, token: string): Promise<ApiTokenCaller> {
  if (!token.startsWith(TOKEN_PREFIX)) return { kind: "unknown" };
  const hash = secretHash(token);
  const { rows } = await db.query<
    AccountRow & { id: string; scopes: ApiScope[]; expired: boolean; used_long_ago: boolean }
  >({ name: "caller-of-api-token", text: CALLER_OF_TOKEN_SQL, values: [hash, LAST_SEEN_EVERY_SECONDS] });
  const row = rows[0];
  if (!row) return { kind: "unknown" };
  if (row.expired) return { kind: "expired" };
  if (row.used_long_ago) {
    // The condition again, so parallel requests of the same minute write once.
    await db.query(
      `UPDATE app.api_tokens SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [row.id, LAST_SEEN_EVERY_SECONDS],
    );
  }
  return {
    kind: "valid",
    account: toAccount(row),
    tokenId: row.id,
    scopes: row.scopes,
  };
}

/** The account of a valid (known, unrevoked, unexpired) token. */
export async function accountOfApiToken(db: Queryable, token: string): Promise<Account | undefined> {
  const caller = await callerOfApiToken(db, token);
  return caller.kind === "valid" ? caller.account : undefined;
}

const SUMMARY_COLUMNS = "id, name, scopes, created_at, expires_at, last_used_at";
interface SummaryRow {
  id: string;
  name: string;
  scopes: ApiScope[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}
const toSummary = (r: SummaryRow): ApiTokenSummary => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

export async function listApiTokens(db: Queryable, account: Account): Promise<ApiTokenSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM app.api_tokens
      WHERE org_id = $1 AND user_id = $2 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 100`,
    [account.orgId, account.userId],
  );
  return rows.map(toSummary);
}

export async function revokeApiToken(db: Queryable, account: Account, tokenId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE app.api_tokens SET revoked_at = now() WHERE id = $1 AND org_id = $2 AND user_id = $3 AND revoked_at IS NULL",
    [tokenId, account.orgId, account.userId],
  );
  return (rowCount ?? 0) > 0;
}
