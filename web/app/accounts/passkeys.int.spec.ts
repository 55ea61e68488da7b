import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SoftAuthenticator } from "#test/support/soft-authenticator.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";
import { type Account, createAccount } from "./accounts.server.ts";
import {
  authenticationOptions,
  listPasskeys,
  registerPasskey,
  registrationOptions,
  relyingPartyOf,
  verifyPasskey,
} from "./passkeys.server.ts";
import { storeChallenge, takeChallenge } from "./passkeys-challenges.server.ts";
import { parseAuthenticationResponse } from "./passkeys-schemas.ts";
import {
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  remainingRecoveryCodes,
  replaceRecoveryCodes,
  spendRecoveryCode,
} from "./recovery-codes.server.ts";
import {
  beginSecondFactor,
  completeSecondFactor,
  failSecondFactor,
  pendingLoginOf,
  SECOND_FACTOR_COOKIE,
  SECOND_FACTOR_MAX_FAILURES,
} from "./second-factor.server.ts";
import { secretHash } from "./tokens.server.ts";

const rp = relyingPartyOf("https://inbox.cloudpa.example/app");
let t: WebTestContext;
let n = 0;

beforeAll(async () => {
  t = await webTestContext();
});
afterAll(async () => {
  await t?.cleanup();
});

async function newAccount(): Promise<Account> {
  n += 1;
  return createAccount(t.web.db, { email: `pk${n}@example.com`, password: "a calm inbox 2026", businessName: `P${n}` });
}

/** An account with one passkey of `authenticator`, added the way the Security page adds it. */
async function accountWithPasskey(): Promise<{ account: Account; authenticator: SoftAuthenticator }> {
  const account = await newAccount();
  const authenticator = new SoftAuthenticator(rp.origin);
  const session = randomUUID();
  const options = await registrationOptions(t.web.db, rp, account, session);
  const added = await registerPasskey(t.web.db, rp, account, session, authenticator.register(options), "Laptop");
  expect(added).toMatchObject({ ok: true, value: { name: "Laptop" } });
  return { account, authenticator };
}

describe("the relying party", () => {
  it("takes its RP ID and origin from WEB_PUBLIC_URL, not from a request", () => {
    expect(rp).toEqual({ id: "inbox.cloudpa.example", origin: "https://inbox.cloudpa.example", name: "Cloud PA" });
  });
});

describe("passkey registration", () => {
  it("keeps the credential's public key, counter and transports under the user, listed by name", async () => {
    const { account, authenticator } = await accountWithPasskey();
    const { rows } = await t.web.db.query<{ public_key: Buffer; counter: string; transports: string[] }>(
      "SELECT public_key, counter, transports FROM app.passkeys WHERE id = $1 AND user_id = $2",
      [authenticator.credentialId, account.userId],
    );
    expect(rows[0]?.public_key.length).toBeGreaterThan(60);
    expect(rows[0]).toMatchObject({ counter: "0", transports: ["internal"] });
    expect(await listPasskeys(t.web.db, account.userId)).toEqual([
      { id: authenticator.credentialId, name: "Laptop", createdAt: expect.any(String), lastUsedAt: null },
    ]);
  });

  it("refuses an answer to a challenge of another session, and a second answer to the same challenge", async () => {
    const account = await newAccount();
    const authenticator = new SoftAuthenticator(rp.origin);
    const options = await registrationOptions(t.web.db, rp, account, "session-a");
    const answer = authenticator.register(options);
    expect(await registerPasskey(t.web.db, rp, account, "session-b", answer, "X")).toMatchObject({
      ok: false,
      reason: "no-challenge",
    });
    expect(await registerPasskey(t.web.db, rp, account, "session-a", answer, "X")).toMatchObject({ ok: true });
    expect(await registerPasskey(t.web.db, rp, account, "session-a", answer, "X")).toMatchObject({
      ok: false,
      reason: "no-challenge",
    });
  });
});

describe("passkey assertions", () => {
  it("log in once per challenge, move the counter forward and record the time of use", async () => {
    const { account, authenticator } = await accountWithPasskey();
    const key = { attempt: "login-cookie", purpose: "login" } as const;
    const answer = authenticator.assert(await authenticationOptions(t.web.db, rp, key));
    expect(await verifyPasskey(t.web.db, rp, key, answer)).toEqual({
      ok: true,
      value: { userId: account.userId, passkeyId: authenticator.credentialId },
    });
    // The same answer again: its challenge was used up.
    expect(await verifyPasskey(t.web.db, rp, key, answer)).toMatchObject({ ok: false, reason: "no-challenge" });
    const [listed] = await listPasskeys(t.web.db, account.userId);
    expect(listed?.lastUsedAt).not.toBeNull();
    const { rows } = await t.web.db.query<{ counter: string }>("SELECT counter FROM app.passkeys WHERE id = $1", [
      authenticator.credentialId,
    ]);
    expect(rows[0]?.counter).toBe("1");
  });

  it("refuse a signature counter that did not move forward (a cloned key)", async () => {
    const { authenticator } = await accountWithPasskey();
    const key = { attempt: "clone", purpose: "login" } as const;
    const first = authenticator.assert(await authenticationOptions(t.web.db, rp, key), { counter: 7 });
    expect(await verifyPasskey(t.web.db, rp, key, first)).toMatchObject({ ok: true });
    const replayed = authenticator.assert(await authenticationOptions(t.web.db, rp, key), { counter: 7 });
    expect(await verifyPasskey(t.web.db, rp, key, replayed)).toMatchObject({ ok: false, reason: "counter-replayed" });
    const older = authenticator.assert(await authenticationOptions(t.web.db, rp, key), { counter: 3 });
    expect(await verifyPasskey(t.web.db, rp, key, older)).toMatchObject({ ok: false, reason: "counter-replayed" });
  });

  it("refuse an answer after the challenge expired", async () => {
    const { authenticator } = await accountWithPasskey();
    const key = { attempt: "slow", purpose: "login" } as const;
    const answer = authenticator.assert(await authenticationOptions(t.web.db, rp, key));
    // Two minutes pass.
    await t.web.db.query(
      "UPDATE app.webauthn_challenges SET expires_at = now() - interval '1 second' WHERE attempt_hash = $1",
      [secretHash("slow")],
    );
    expect(await verifyPasskey(t.web.db, rp, key, answer)).toMatchObject({ ok: false, reason: "no-challenge" });
    expect(
      (await t.web.db.query("SELECT 1 FROM app.webauthn_challenges WHERE attempt_hash = $1", [secretHash("slow")]))
        .rowCount,
    ).toBe(0);
  });

  it("refuse forged answers: another origin, a bad signature, a challenge the client made up", async () => {
    const { authenticator } = await accountWithPasskey();
    const key = { attempt: "forged", purpose: "login" } as const;
    const phished = authenticator.assert(await authenticationOptions(t.web.db, rp, key), {
      origin: "https://inbox.cloudpa.example.evil",
    });
    expect(await verifyPasskey(t.web.db, rp, key, phished)).toMatchObject({ ok: false, reason: "not-verified" });
    const tampered = authenticator.assert(await authenticationOptions(t.web.db, rp, key), { tamper: true });
    expect(await verifyPasskey(t.web.db, rp, key, tampered)).toMatchObject({ ok: false, reason: "not-verified" });
    // The client signs a challenge of its own choosing: the server's is what it is checked against.
    await authenticationOptions(t.web.db, rp, key);
    const madeUp = authenticator.assert({ challenge: "bWFkZS11cC1ieS10aGUtY2xpZW50", rpId: rp.id });
    expect(await verifyPasskey(t.web.db, rp, key, madeUp)).toMatchObject({ ok: false, reason: "not-verified" });
    // An unknown credential id.
    const unknown = new SoftAuthenticator(rp.origin).assert(await authenticationOptions(t.web.db, rp, key));
    expect(await verifyPasskey(t.web.db, rp, key, unknown)).toMatchObject({ ok: false, reason: "unknown-credential" });
  });

  it("as a second factor, accept only the pending user's passkey", async () => {
    const alice = await accountWithPasskey();
    const bob = await accountWithPasskey();
    const key = { attempt: "pending-alice", purpose: "second-factor", userId: alice.account.userId } as const;
    const options = await authenticationOptions(t.web.db, rp, key);
    expect(options.allowCredentials).toEqual([
      { id: alice.authenticator.credentialId, type: "public-key", transports: ["internal"] },
    ]);
    expect(await verifyPasskey(t.web.db, rp, key, bob.authenticator.assert(options))).toMatchObject({
      ok: false,
      reason: "wrong-user",
    });
    // A challenge issued to Alice's attempt does not verify for a key without her user id.
    await storeChallenge(t.web.db, key, "c2FtZS1jaGFsbGVuZ2U");
    expect(await takeChallenge(t.web.db, { attempt: "pending-alice", purpose: "second-factor" })).toBeUndefined();
  });

  it("parse the browser's JSON at the edge: anything else is not an answer", () => {
    expect(parseAuthenticationResponse("not json")).toBeUndefined();
    expect(parseAuthenticationResponse(JSON.stringify({ id: "x", type: "public-key" }))).toBeUndefined();
    expect(parseAuthenticationResponse(null)).toBeUndefined();
  });
});

describe("recovery codes", () => {
  it("are 10, stored only as hashes, each usable once, and replaced as a set", async () => {
    const account = await newAccount();
    const codes = await replaceRecoveryCodes(t.web.db, account.userId);
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    const { rows } = await t.web.db.query<{ code_hash: Buffer }>(
      "SELECT code_hash FROM app.recovery_codes WHERE user_id = $1",
      [account.userId],
    );
    const stored = rows.map((row) => row.code_hash.toString("hex")).sort();
    expect(stored).toEqual(codes.map((code) => secretHash(normalizeRecoveryCode(code)).toString("hex")).sort());
    expect(JSON.stringify(rows)).not.toContain(normalizeRecoveryCode(codes[0] ?? ""));

    const other = await newAccount();
    expect(await spendRecoveryCode(t.web.db, other.userId, codes[0] ?? "")).toBe(false);
    expect(await spendRecoveryCode(t.web.db, account.userId, ` ${(codes[0] ?? "").toUpperCase()} `)).toBe(true);
    expect(await spendRecoveryCode(t.web.db, account.userId, codes[0] ?? "")).toBe(false);
    expect(await remainingRecoveryCodes(t.web.db, account.userId)).toBe(RECOVERY_CODE_COUNT - 1);

    await replaceRecoveryCodes(t.web.db, account.userId);
    expect(await spendRecoveryCode(t.web.db, account.userId, codes[1] ?? "")).toBe(false);
    expect(await remainingRecoveryCodes(t.web.db, account.userId)).toBe(RECOVERY_CODE_COUNT);
  });

  it("cannot be spent twice by two requests at once", async () => {
    const account = await newAccount();
    const [code] = await replaceRecoveryCodes(t.web.db, account.userId);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => spendRecoveryCode(t.web.db, account.userId, code ?? "")),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("a log-in waiting for its second factor", () => {
  const requestWith = (token: string) =>
    new Request("http://localhost/login/second-factor", { headers: { cookie: `${SECOND_FACTOR_COOKIE}=${token}` } });

  it("ends once, and is dropped after too many wrong answers", async () => {
    const account = await newAccount();
    const token = await beginSecondFactor(t.web.db, account, "/inbox");
    const pending = await pendingLoginOf(t.web.db, requestWith(token));
    expect(pending).toMatchObject({ account: { userId: account.userId }, redirectTo: "/inbox" });
    if (!pending) throw new Error("no pending log-in");
    const ends = await Promise.all([completeSecondFactor(t.web.db, pending), completeSecondFactor(t.web.db, pending)]);
    expect(ends.sort()).toEqual([false, true]);
    expect(await pendingLoginOf(t.web.db, requestWith(token))).toBeUndefined();

    const again = await beginSecondFactor(t.web.db, account, "/inbox");
    const second = await pendingLoginOf(t.web.db, requestWith(again));
    if (!second) throw new Error("no pending log-in");
    for (let i = 1; i < SECOND_FACTOR_MAX_FAILURES; i++)
      expect(await failSecondFactor(t.web.db, second)).toBeGreaterThan(0);
    expect(await failSecondFactor(t.web.db, second)).toBe(0);
    expect(await pendingLoginOf(t.web.db, requestWith(again))).toBeUndefined();
    expect(await completeSecondFactor(t.web.db, second)).toBe(false);
  });
});
