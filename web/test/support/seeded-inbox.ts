import type { CloudpaEvent } from "@cloudpa/contracts";
import { type EventFactory, eventFactory } from "@cloudpa/read-model/testing";
import type { Browser, Page } from "playwright-core";
import { type Account, createAccount } from "#app/accounts/accounts.server.ts";
import { appendProjected } from "#app/admin/testing/append-projected.ts";
import { launchChromium } from "./browser.ts";
import { signedInPage } from "./browser-user.ts";
import { type BuiltWebTest, builtWebTest } from "./built-web-test.ts";
import { foldAppended } from "./fold-appended.ts";

export interface SeededInbox extends BuiltWebTest {
  account: Account;
  f: EventFactory;
  /** Folds what the page appends from here on (foldAppended). */
  projectUntil: ReturnType<typeof foldAppended>;
  browser: Browser;
  /** Signed in as `account`, at desktop size. */
  page: Page;
  /** Closes the browser, then cleans up the built web's ground. */
  close(): Promise<void>;
}

/**
 * Where a browser spec with no projector starts: the built web (builtWebTest), an owner's account,
 * the events `seed` makes appended and projected as the projector would have, `projectUntil` folding
 * whatever the page appends after them (with `announce`, each fold also sends the live notice), and
 * Chromium with the owner signed in at desktop size.
 */
export async function seededInbox(options: {
  seed: (f: EventFactory, account: Account) => CloudpaEvent[];
  announce?: boolean;
  owner?: { email: string; businessName: string };
}): Promise<SeededInbox> {
  const { email, businessName } = options.owner ?? { email: "ada@example.com", businessName: "Ada" };
  const t = await builtWebTest();
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await t.cleanup();
  };
  try {
    const account = await createAccount(t.db, { email, password: "a calm inbox 2026", businessName });
    const f = eventFactory(account.orgId);
    await appendProjected(t.nats, t.keys, t.db, options.seed(f, account));
    const head = (await t.nats.jsm.streams.info(t.nats.names.eventsStream)).state.last_seq;
    const projectUntil = foldAppended(t.nats, t.keys, t.db, head, { announce: options.announce });
    browser = await launchChromium();
    const page = await signedInPage(browser, t.db, t.web.url, account, { width: 1280, height: 800 });
    return { ...t, account, f, projectUntil, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
