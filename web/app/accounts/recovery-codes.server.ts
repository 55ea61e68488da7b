import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "#app/db/queryable.server.ts";
import { secretHash } from "./tokens.server.ts";

export const RECOVERY_CODE_COUNT = 10;

/** The form a recovery code is typed into: the log-in's second step, and turning the second factor off. */
export const recoveryCodeFormSchema = z.object({
  recoveryCode: z.string().trim().min(1, "Enter one of your recovery codes.").max(64),
});
// No 0/O, 1/I/L: a code is read off paper. 16 characters of 31 = about 79 bits, so a leaked SHA-256 is
// as good as the code is unguessable (no slow hash needed).
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const CODE_LENGTH = 16;

function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)?.join("-") ?? code;
}

/** The form a code is stored and compared in: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, "");
}

/**
 * Replaces all of a user's recovery codes with fresh ones and returns them: the only time they
 * are ever seen. Only their hashes are kept.
 */
export async function replaceRecoveryCodes(db: Queryable, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.query(
    `WITH gone AS (DELETE FROM app.recovery_codes WHERE user_id = $1)
     INSERT INTO app.recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`,
    [userId, codes.map((code) => secretHash(normalizeRecoveryCode(code)))],
  );
  return codes;
}

/** Uses up one of the user's codes: true once per code, false for a used, unknown or other user's code. */
export async function spendRecoveryCode(db: Queryable, userId: string, input: string): Promise<boolean> {
  const code = normalizeRecoveryCode(input);
  if (code.length !== CODE_LENGTH) return false;
  const { rowCount } = await db.query(
    `UPDATE app.recovery_codes SET used_at = now()
      WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
    [userId, secretHash(code)],
  );
  return (rowCount ?? 0) === 1;
}

export async function remainingRecoveryCodes(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM app.recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    [userId],
  );
  return rows[0]?.n ?? 0;
}

export async function deleteRecoveryCodes(db: Queryable, userId: string): Promise<void> {
  await db.query("DELETE FROM app.recovery_codes WHERE user_id = $1", [userId]);
}
