import type { Page } from "playwright-core";
import { CHANNEL_NUMBER, type FaultScenario } from "./fault-scenario.js";

/** A freelancer signs up in the browser and connects the scenario's simulated number, as a new user does. */
export async function signUpAndConnect(
  page: Page,
  scenario: FaultScenario,
  freelancer: { businessName: string; email: string; password: string },
): Promise<void> {
  await page.goto(`${scenario.service("web").url}/signup`);
  await page.getByLabel("Business name").fill(freelancer.businessName);
  await page.getByLabel("Email").fill(freelancer.email);
  await page.getByLabel("Password").fill(freelancer.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up never signs in (decision 011): the newcomer logs in, and is then taken straight to
  // connecting a number. They type once the log-in page is on screen, not when the address
  // changes: the router pushes the new address before React has rendered the page (a transition),
  // and under load the sign-up form, whose fields are also "Email" and "Password", is still shown
  // then; typed into, it is replaced by an empty log-in form whose click submits nothing.
  await page.waitForURL(/\/login\?signedUp=1/);
  await page.getByRole("status").filter({ hasText: "Thanks for signing up" }).waitFor();
  await page.getByLabel("Email").fill(freelancer.email);
  await page.getByLabel("Password").fill(freelancer.password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await page.waitForURL(/\/settings\/channels/);
  await page.getByLabel("Account SID").fill(scenario.account.accountSid);
  await page.getByLabel("Auth token").fill(scenario.account.authToken);
  await page.getByLabel("WhatsApp number", { exact: true }).fill(CHANNEL_NUMBER.replace("whatsapp:", ""));
  await page.getByRole("button", { name: "Connect number" }).click();
  await page.getByText(`Connected ${CHANNEL_NUMBER.replace("whatsapp:", "")}`).waitFor();
}
