import { freePort, type TestDatabase, type TestNats, testDatabase, testKeys, testNats } from "@cloudpa/testkit";
import pg from "pg";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchChromium, SCREENSHOTS_DIR } from "./support/browser.ts";
import { CspGuard } from "./support/csp.ts";
import { migrateAll } from "./support/read-model-seed.ts";
import { type RunningWeb, startBuiltWeb } from "./support/start-web.ts";
import { webTestEnv } from "./support/web-env.ts";

const email = "noor@example.com";
const password = "amber kettle harbour 41";

let database: TestDatabase;
let nats: TestNats;
let web: RunningWeb;
let db: pg.Pool;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;
/** Where the browser reaches the web: localhost (an IP address cannot be a WebAuthn RP ID). */
let site: string;
let recoveryCodes: string[] = [];
const csp = new CspGuard();

beforeAll(async () => {
  [database, nats] = await Promise.all([testDatabase(), testNats()]);
  await migrateAll(database.url);
  const port = await freePort();
  site = `http://localhost:${port}`;
  web = await startBuiltWeb({
    ...webTestEnv({ databaseUrl: database.url, natsUrl: nats.url, namespace: nats.names.namespace, keys: testKeys() }),
    WEB_PUBLIC_URL: site,
    WEB_PORT: String(port),
  });
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  await createAccount(db, { email, password, businessName: "Noor Studio" });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  await csp.watch(context);
  // Chromium's virtual authenticator answers the log-in page's autofill request (conditional UI)
  // at once, which would log in before a test could type a password: this browser is one without
  // conditional UI. Autofill gets a browser of its own below.
  await context.addInitScript(() => {
    if (typeof PublicKeyCredential === "undefined") return;
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: async () => false });
  });
  page = await context.newPage();
  ({ cdp, authenticatorId } = await withVirtualAuthenticator(page));
}, 240_000);

/** Chromium's virtual authenticator on `target`: a platform passkey store that verifies its user. */
async function withVirtualAuthenticator(target: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const session = await target.context().newCDPSession(target);
  await session.send("WebAuthn.enable", { enableUI: false });
  const added = await session.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp: session, authenticatorId: added.authenticatorId };
}

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await db?.end();
  await nats?.cleanup();
  await database?.drop();
});

// Any Content-Security-Policy violation (an inline script, say) fails the test it happened in.
afterEach(async (test) => {
  if (test.task.result?.state === "fail") {
    await page.screenshot({ path: `${SCREENSHOTS_DIR}passkeys-failure.png`, fullPage: true }).catch(() => undefined);
    console.error(`at ${page.url()}; web said:\n${web.output().split("\n").slice(-15).join("\n")}`);
  }
  csp.assertNone();
});

async function sessionId(): Promise<string | undefined> {
  return (await context.cookies(site)).find((cookie) => cookie.name === SESSION_COOKIE)?.value;
}

async function logOut() {
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login/);
  expect(await sessionId()).toBeUndefined();
}

async function logInWithPassword() {
  await page.goto(`${site}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
}

async function recoveryCodesLeft(): Promise<string | null> {
  await page.goto(`${site}/settings/security`);
  return page.getByTestId("recovery-codes-left").textContent();
}

describe("passkeys in a browser with a virtual authenticator", () => {
  it("adds a named passkey in Settings > Security and lists it", async () => {
    await logInWithPassword();
    await page.waitForURL(/\/inbox/);
    await page.goto(`${site}/settings`);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Security" }).click();
    await page.waitForURL(/\/settings\/security$/);
    await page.getByLabel("Passkey name").fill("Work laptop");
    await page.getByRole("button", { name: "Add passkey" }).click();
    const listed = page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
    await listed.filter({ hasText: "Work laptop" }).waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.first().textContent()).toContain("never used");
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM app.passkeys p JOIN app.users u ON u.id = p.user_id WHERE u.email = $1",
      [email],
    );
    expect(rows[0]?.n).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS_DIR}settings-security.png`, fullPage: true });
  });

  it("logs out and logs in with the passkey alone", async () => {
    await logOut();
    await page.getByRole("button", { name: "Log in with a passkey" }).click();
    await page.waitForURL(/\/inbox/);
    expect(await sessionId()).toBeTruthy();
    await page.goto(`${site}/settings/security`);
    const listed = page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
    expect(await listed.first().textContent()).toContain("last used");
  });

  it("turns the second factor on: 10 recovery codes shown once, and a new session id", async () => {
    const before = await sessionId();
    await page.getByRole("button", { name: "Require passkey after password" }).click();
    const codes = page.getByTestId("recovery-codes").locator("code");
    await codes.first().waitFor();
    recoveryCodes = await codes.allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await expectAccessible(page, "settings › security (a passkey, recovery codes shown)");
    const after = await sessionId();
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    // Still signed in with the new id; the old one opens nothing.
    expect(await recoveryCodesLeft()).toContain("10 of 10");
    const stale = await fetch(`${site}/settings/security`, {
      headers: { cookie: `${SESSION_COOKIE}=${before}` },
      redirect: "manual",
    });
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toMatch(/^\/login/);
  });

  it("after the password, asks for the passkey before there is a session", async () => {
    await logOut();
    await logInWithPassword();
    await page.waitForURL(/\/login\/second-factor$/);
    expect(await sessionId()).toBeUndefined();
    await page.getByRole("button", { name: "Use your passkey" }).waitFor();
    await expectAccessible(page, "log-in › second factor");
    await page.goto(`${site}/inbox`);
    await page.waitForURL(/\/login\?redirectTo=/);
    // Back to the step: the pending log-in is still there.
    await page.goto(`${site}/login/second-factor`);
    await page.getByRole("button", { name: "Use your passkey" }).click();
    await page.waitForURL(/\/inbox/);
    expect(await sessionId()).toBeTruthy();
  });

  it("takes a recovery code instead of the passkey, once", async () => {
    await logOut();
    await logInWithPassword();
    await page.waitForURL(/\/login\/second-factor$/);
    await page.getByLabel("Recovery code").fill(recoveryCodes[0] ?? "");
    await page.getByRole("button", { name: "Use recovery code" }).click();
    await page.waitForURL(/\/inbox/);
    expect(await recoveryCodesLeft()).toContain("9 of 10");

    await logOut();
    await logInWithPassword();
    await page.waitForURL(/\/login\/second-factor$/);
    await page.getByLabel("Recovery code").fill(recoveryCodes[0] ?? "");
    await page.getByRole("button", { name: "Use recovery code" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid or was already used" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login/second-factor");
    expect(await sessionId()).toBeUndefined();
  });

  it("refuses a forged assertion (a real one with its signature changed)", async () => {
    // Still at the second step from the test before.
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const outcome = await page.evaluate(async (token) => {
      const form = (fields: Record<string, string>) => {
        const body = new FormData();
        body.set("csrf", token);
        for (const [name, value] of Object.entries(fields)) body.set(name, value);
        return body;
      };
      const bytes = (text: string) =>
        Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
      const text = (buffer: ArrayBuffer | Uint8Array) =>
        btoa(String.fromCharCode(...new Uint8Array(buffer)))
          .replace(/\+/g, "-")
          .replace(/\//g, "_")
          .replace(/=+$/, "");
      const purpose = "second-factor";
      const started = await fetch("/login/passkey", { method: "POST", body: form({ purpose, intent: "options" }) });
      const { options } = (await started.json()) as {
        options: { challenge: string; rpId: string; allowCredentials: { id: string }[] };
      };
      const credential = (await navigator.credentials.get({
        publicKey: {
          challenge: bytes(options.challenge),
          rpId: options.rpId,
          allowCredentials: options.allowCredentials.map((c) => ({ type: "public-key" as const, id: bytes(c.id) })),
        },
      })) as PublicKeyCredential;
      const assertion = credential.response as AuthenticatorAssertionResponse;
      const signature = new Uint8Array(assertion.signature);
      signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 0xff;
      const response = {
        id: credential.id,
        rawId: text(credential.rawId),
        type: "public-key",
        clientExtensionResults: {},
        response: {
          clientDataJSON: text(assertion.clientDataJSON),
          authenticatorData: text(assertion.authenticatorData),
          signature: text(signature),
        },
      };
      const verified = await fetch("/login/passkey", {
        method: "POST",
        body: form({ purpose, intent: "verify", response: JSON.stringify(response) }),
      });
      return { status: verified.status, body: await verified.json() };
    }, csrf);
    expect(outcome).toEqual({ status: 401, body: { error: "That passkey could not be verified. Try again." } });
    expect(await sessionId()).toBeUndefined();
    // The real passkey still gets in.
    await page.getByRole("button", { name: "Use your passkey" }).click();
    await page.waitForURL(/\/inbox/);
  });

  it("does not turn the second factor off without passing it", async () => {
    await page.goto(`${site}/settings/security`);
    await page.getByLabel("Recovery code").fill(recoveryCodes[0] ?? "");
    await page.getByRole("button", { name: "Turn off with code" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid or was already used" }).waitFor();
    const { rows } = await db.query<{ required: boolean }>(
      "SELECT second_factor_required AS required FROM app.users WHERE email = $1",
      [email],
    );
    expect(rows[0]?.required).toBe(true);
    await page.getByRole("button", { name: "Turn off with passkey" }).click();
    await page.getByRole("button", { name: "Require passkey after password" }).waitFor();
    expect(await page.getByTestId("recovery-codes-left").count()).toBe(0);
  });

  it("logs in from the email field's autofill where the browser offers passkeys there (conditional UI)", async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      other.setDefaultTimeout(15_000);
      await csp.watch(other);
      const otherPage = await other.newPage();
      // The same passkey, copied to this browser's authenticator. The copy keeps its own signature
      // counter, so the server takes the first browser's key for a clone from now on: this runs last.
      const virtual = await withVirtualAuthenticator(otherPage);
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      expect(credentials).toHaveLength(1);
      for (const credential of credentials)
        await virtual.cdp.send("WebAuthn.addCredential", { authenticatorId: virtual.authenticatorId, credential });
      await otherPage.goto(`${site}/login`);
      // Nothing clicked: the authenticator picks the passkey offered in the autofill.
      await otherPage.waitForURL(/\/inbox/);
      expect((await other.cookies(site)).some((cookie) => cookie.name === SESSION_COOKIE)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("keeps the last passkey while it is the second factor, replaces the codes, and removes it once off", async () => {
    await page.goto(`${site}/settings/security`);
    await page.getByRole("button", { name: "Require passkey after password" }).click();
    const codes = page.getByTestId("recovery-codes").locator("code");
    await codes.first().waitFor();
    const firstSet = await codes.allTextContents();
    await page.getByRole("button", { name: "New recovery codes" }).click();
    await expect.poll(async () => (await codes.allTextContents())[0], { timeout: 15_000 }).not.toBe(firstSet[0]);
    const secondSet = await codes.allTextContents();
    expect(secondSet).toHaveLength(10);
    expect(secondSet.filter((code) => firstSet.includes(code))).toEqual([]);

    await page.getByRole("button", { name: "Remove Work laptop" }).click();
    await page.getByRole("alert").filter({ hasText: "Your last passkey is your second factor" }).waitFor();

    // A code of the replaced set no longer passes; one of the new set does, once.
    await page.getByLabel("Recovery code").fill(firstSet[1] ?? "");
    await page.getByRole("button", { name: "Turn off with code" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid or was already used" }).waitFor();
    await page.getByLabel("Recovery code").fill(secondSet[0] ?? "");
    await page.getByRole("button", { name: "Turn off with code" }).click();
    await page.getByRole("button", { name: "Require passkey after password" }).waitFor();

    await page.getByRole("button", { name: "Remove Work laptop" }).click();
    await page.getByText("No passkeys yet.").waitFor();
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM app.passkeys p JOIN app.users u ON u.id = p.user_id WHERE u.email = $1",
      [email],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
