import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  VerifiedAuthenticationResponse,
  VerifiedRegistrationResponse,
} from "@simplewebauthn/server";
import type { Queryable } from "#app/db/queryable.server.ts";
import type { Account } from "./accounts.server.ts";
import {
  CHALLENGE_TTL_SECONDS,
  type ChallengeKey,
  storeChallenge,
  takeChallenge,
} from "./passkeys-challenges.server.ts";

/**
 * @simplewebauthn/server (and its ASN.1 and COSE libraries, ~5 MB of heap), loaded by the first
 * passkey ceremony rather than at start-up: most of the web's requests never need it (issue 16).
 */
function webAuthn() {
  return import("@simplewebauthn/server");
}

/** Who the passkeys are for: the RP ID and the one origin, both from WEB_PUBLIC_URL (never from Host). */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingPartyOf(webPublicUrl: string): RelyingParty {
  const url = new URL(webPublicUrl);
  return { id: url.hostname, origin: url.origin, name: "Cloud PA" };
}

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Why a ceremony's answer was refused (logged; the user sees one plain message). */
export type PasskeyRefusal =
  | "no-challenge"
  | "unknown-credential"
  | "wrong-user"
  | "not-verified"
  | "counter-replayed"
  | "already-registered";

export type PasskeyOutcome<T> = { ok: true; value: T } | { ok: false; reason: PasskeyRefusal; detail?: string };

const refuse = (reason: PasskeyRefusal, detail?: string): { ok: false; reason: PasskeyRefusal; detail?: string } =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

/**
 * EdDSA, ES256 and RS256: what passkey providers use. The library would also offer ML-DSA-44 on a
 * Node that has it (still experimental there), which some authenticators then pick.
 */
const SUPPORTED_ALGORITHMS = [-8, -7, -257];

/** The WebAuthn user handle of a user: its uuid's 16 bytes (never the email). */
function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replaceAll("-", ""), "hex"));
}

export async function listPasskeys(db: Queryable, userId: string): Promise<Passkey[]> {
  const { rows } = await db.query<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>(
    "SELECT id, name, created_at, last_used_at FROM app.passkeys WHERE user_id = $1 ORDER BY created_at",
    [userId],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  }));
}

export async function countPasskeys(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM app.passkeys WHERE user_id = $1", [
    userId,
  ]);
  return rows[0]?.n ?? 0;
}

export async function removePasskey(db: Queryable, userId: string, passkeyId: string): Promise<boolean> {
  const { rowCount } = await db.query("DELETE FROM app.passkeys WHERE user_id = $1 AND id = $2", [userId, passkeyId]);
  return (rowCount ?? 0) > 0;
}

async function transportsOf(db: Queryable, userId: string): Promise<{ id: string; transports: string[] }[]> {
  const { rows } = await db.query<{ id: string; transports: string[] }>(
    "SELECT id, transports FROM app.passkeys WHERE user_id = $1 ORDER BY created_at",
    [userId],
  );
  return rows;
}

/** Options for adding a passkey to a signed-in account; the challenge is kept for `attempt` (the session). */
export async function registrationOptions(
  db: Queryable,
  rp: RelyingParty,
  account: Account,
  attempt: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { generateRegistrationOptions } = await webAuthn();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: account.email,
    userID: userHandleOf(account.userId),
    userDisplayName: account.email,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    attestationType: "none",
    excludeCredentials: await transportsOf(db, account.userId),
    // Discoverable, so the passkey alone can log in (no email typed first).
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  await storeChallenge(db, { attempt, purpose: "register", userId: account.userId }, options.challenge);
  return options;
}

/** Verifies the browser's answer against the stored challenge (used up either way) and keeps the credential. */
export async function registerPasskey(
  db: Queryable,
  rp: RelyingParty,
  account: Account,
  attempt: string,
  response: RegistrationResponseJSON,
  name: string,
): Promise<PasskeyOutcome<Passkey>> {
  const challenge = await takeChallenge(db, { attempt, purpose: "register", userId: account.userId });
  if (!challenge) return refuse("no-challenge");
  const { verifyRegistrationResponse } = await webAuthn();
  let verification: VerifiedRegistrationResponse;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (error) {
    return refuse("not-verified", (error as Error).message);
  }
  if (!verification.verified) return refuse("not-verified");
  const { credential } = verification.registrationInfo;
  const { rows } = await db.query<{ created_at: Date }>(
    `INSERT INTO app.passkeys (id, user_id, public_key, counter, transports, name)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING created_at`,
    [
      credential.id,
      account.userId,
      Buffer.from(credential.publicKey),
      credential.counter,
      credential.transports ?? [],
      name,
    ],
  );
  const created = rows[0];
  if (!created) return refuse("already-registered");
  return {
    ok: true,
    value: { id: credential.id, name, createdAt: created.created_at.toISOString(), lastUsedAt: null },
  };
}

/**
 * Options for proving a passkey. With a user (second factor, confirming a change) only their
 * passkeys are offered; without one (passkey log-in) the browser offers its discoverable ones.
 */
export async function authenticationOptions(
  db: Queryable,
  rp: RelyingParty,
  key: ChallengeKey,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { generateAuthenticationOptions } = await webAuthn();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    userVerification: key.purpose === "second-factor" ? "preferred" : "required",
    ...(key.userId ? { allowCredentials: await transportsOf(db, key.userId) } : {}),
  });
  await storeChallenge(db, key, options.challenge);
  return options;
}

export interface ProvenPasskey {
  userId: string;
  passkeyId: string;
}

/**
 * Verifies an assertion against the attempt's stored challenge (used up either way), the stored
 * public key and the signature counter, then records the new counter and the time of use. A
 * passkey that logs in alone must have verified its user (PIN, biometrics); as a second factor
 * after the password, presence is enough.
 */
export async function verifyPasskey(
  db: Queryable,
  rp: RelyingParty,
  key: ChallengeKey,
  response: AuthenticationResponseJSON,
): Promise<PasskeyOutcome<ProvenPasskey>> {
  const challenge = await takeChallenge(db, key);
  if (!challenge) return refuse("no-challenge");
  const { rows } = await db.query<{ user_id: string; public_key: Buffer; counter: string; transports: string[] }>(
    "SELECT user_id, public_key, counter, transports FROM app.passkeys WHERE id = $1",
    [response.id],
  );
  const stored = rows[0];
  if (!stored) return refuse("unknown-credential");
  if (key.userId !== undefined && stored.user_id !== key.userId) return refuse("wrong-user");
  const handle = response.response.userHandle;
  if (handle && handle !== Buffer.from(userHandleOf(stored.user_id)).toString("base64url")) return refuse("wrong-user");
  const { verifyAuthenticationResponse } = await webAuthn();
  let verification: VerifiedAuthenticationResponse;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: response.id,
        publicKey: new Uint8Array(stored.public_key),
        counter: Number(stored.counter),
        transports: stored.transports,
      },
      requireUserVerification: key.purpose !== "second-factor",
    });
  } catch (error) {
    const message = (error as Error).message;
    return refuse(/counter/i.test(message) ? "counter-replayed" : "not-verified", message);
  }
  if (!verification.verified) return refuse("not-verified");
  const { newCounter } = verification.authenticationInfo;
  // The counter moves forward in the same statement that checks it: two answers racing with one
  // counter value cannot both pass. Authenticators that keep no counter report 0 every time.
  const updated = await db.query(
    `UPDATE app.passkeys SET counter = $2, last_used_at = now()
      WHERE id = $1 AND (counter < $2 OR ($2 = 0 AND counter = 0))`,
    [response.id, newCounter],
  );
  if ((updated.rowCount ?? 0) === 0) return refuse("counter-replayed");
  return { ok: true, value: { userId: stored.user_id, passkeyId: response.id } };
}
