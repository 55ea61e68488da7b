import type { Queryable } from "#app/db/queryable.server.ts";
import { secretHash } from "./tokens.server.ts";

/** What a challenge was issued for: a ceremony's answer is checked against its own purpose only. */
export type ChallengePurpose = "register" | "login" | "second-factor" | "confirm";

/** A challenge lives two minutes: long enough to touch a key, too short to be worth stealing. */
export const CHALLENGE_TTL_SECONDS = 120;

export interface ChallengeKey {
  /** The secret of the attempt the challenge belongs to (a session, a pending log-in, a log-in cookie). */
  attempt: string;
  purpose: ChallengePurpose;
  /** The user it was issued to, when known: a challenge issued to one user never verifies for another. */
  userId?: string;
}

/**
 * Keeps the challenge the server generated for an attempt, server-side (the client's copy is never
 * trusted). A new one replaces the attempt's previous challenge of the same purpose.
 */
export async function storeChallenge(db: Queryable, key: ChallengeKey, challenge: string): Promise<void> {
  await db.query("DELETE FROM app.webauthn_challenges WHERE expires_at < now()");
  await db.query(
    `INSERT INTO app.webauthn_challenges (attempt_hash, purpose, challenge, user_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
     ON CONFLICT (attempt_hash, purpose)
     DO UPDATE SET challenge = EXCLUDED.challenge, user_id = EXCLUDED.user_id, expires_at = EXCLUDED.expires_at`,
    [secretHash(key.attempt), key.purpose, challenge, key.userId ?? null, CHALLENGE_TTL_SECONDS],
  );
}

/**
 * Takes the attempt's challenge out of the store, whatever happens next: it verifies one answer at
 * most. Undefined when there is none, it expired, or it was issued to another user.
 */
export async function takeChallenge(db: Queryable, key: ChallengeKey): Promise<string | undefined> {
  const { rows } = await db.query<{ challenge: string; user_id: string | null; live: boolean }>(
    `DELETE FROM app.webauthn_challenges WHERE attempt_hash = $1 AND purpose = $2
     RETURNING challenge, user_id, expires_at > now() AS live`,
    [secretHash(key.attempt), key.purpose],
  );
  const row = rows[0];
  if (!row?.live) return undefined;
  if ((row.user_id ?? undefined) !== key.userId) return undefined;
  return row.challenge;
}
