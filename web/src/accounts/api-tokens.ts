import { randomUUID } from "node:crypto";
import type { Queryable } from "../db/queryable.ts";
import { type Account, findAccount } from "./accounts.ts";
import { newSecret, secretHash } from "./tokens.ts";

const TOKEN_PREFIX = "cpa_";

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Creates a personal API token; the plaintext is returned once and stored only hashed. */
export async function createApiToken(db: Queryable, account: Account, name: string): Promise<string> {
  const token = newSecret(TOKEN_PREFIX);
  await db.query("INSERT INTO app.api_tokens (id, user_id, org_id, name, token_hash) VALUES ($1, $2, $3, $4, $5)", [
    randomUUID(),
    account.userId,
    account.orgId,
    name,
    secretHash(token),
  ]);
  return token;
}

export async function accountOfApiToken(db: Queryable, token: string): Promise<Account | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const { rows } = await db.query<{ user_id: string; org_id: string }>(
    `UPDATE app.api_tokens SET last_used_at = now()
      WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id, org_id`,
    [secretHash(token)],
  );
  const row = rows[0];
  return row && findAccount(db, row.user_id, row.org_id);
}

export async function listApiTokens(db: Queryable, account: Account): Promise<ApiTokenSummary[]> {
  const { rows } = await db.query<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>(
    `SELECT id, name, created_at, last_used_at FROM app.api_tokens
      WHERE org_id = $1 AND user_id = $2 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 100`,
    [account.orgId, account.userId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function revokeApiToken(db: Queryable, account: Account, tokenId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE app.api_tokens SET revoked_at = now() WHERE id = $1 AND org_id = $2 AND user_id = $3 AND revoked_at IS NULL",
    [tokenId, account.orgId, account.userId],
  );
  return (rowCount ?? 0) > 0;
}
