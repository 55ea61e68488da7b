// How a browser spec gets a user in front of the web: the whole way a newcomer goes (sign up, log
// in, connect a number), or straight into an account's session when the spec is about something else.
import type { ChildProcess } from "node:child_process";
import { WaitingCannotSucceed, waitFor } from "@cloudpa/testkit";
import type pg from "pg";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { createSession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";

/**
 * A newcomer signs up and logs in (sign-up never signs in, decision 011), and is left on the page
 * the log-in leads to, connecting a number. Each step waits for the page the user would see before
 * typing into it: the router pushes the log-in address before React has rendered the log-in page
 * (a transition), and under load the sign-up form, whose fields are also "Email" and "Password",
 * is still shown then; filled, it is replaced by an empty log-in form whose click submits nothing.
 */
export async function signUpAndLogIn(
  page: Page,
  webUrl: string,
  user: { businessName: string; email: string; password: string },
): Promise<void> {
  await page.goto(`${webUrl}/signup`);
  await page.getByLabel("Business name").fill(user.businessName);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/login\?signedUp=1/);
  await page.getByRole("status").filter({ hasText: "Thanks for signing up" }).waitFor();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await page.waitForURL(/\/settings\/channels/);
}

/** On Settings › Channels, connects a Twilio account's WhatsApp number (E.164, without "whatsapp:"). */
export async function connectNumber(
  page: Page,
  account: { accountSid: string; authToken: string },
  number: string,
): Promise<void> {
  await page.getByLabel("Account SID").fill(account.accountSid);
  await page.getByLabel("Auth token").fill(account.authToken);
  await page.getByLabel("WhatsApp number", { exact: true }).fill(number);
  await page.getByRole("button", { name: "Connect number" }).click();
  await page.getByText(`Connected ${number}`).waitFor();
}

/**
 * A page already signed in to the account (its session cookie set), for specs not about logging in.
 * `device` emulates a phone's (`isMobile`, `hasTouch`) beside the viewport.
 */
export async function signedInPage(
  browser: Browser,
  db: pg.Pool,
  webUrl: string,
  account: Parameters<typeof createSession>[1],
  viewport: { width: number; height: number },
  device: Pick<BrowserContextOptions, "isMobile" | "hasTouch" | "timezoneId"> = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, ...device });
  await context.addCookies([{ name: SESSION_COOKIE, value: await createSession(db, account), url: webUrl }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Resolves once a service started as a process answers ready on its port; fails at once if it exited. */
export async function serviceReady(
  port: number,
  what: string,
  service: { child: ChildProcess; output: { stdout: string; stderr: string } },
): Promise<void> {
  await waitFor(
    async () => {
      if (service.child.exitCode !== null)
        throw new WaitingCannotSucceed(`${what} exited:\n${service.output.stderr}${service.output.stdout}`);
      return (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok;
    },
    { what: `${what} ready`, timeoutMs: 60_000 },
  );
}
