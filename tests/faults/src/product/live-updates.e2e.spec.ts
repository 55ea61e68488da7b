// Live updates are exact: whatever the projector commits reaches an open inbox without a reload,
// also when its notice went out while nobody could hear it (before the page's event stream
// subscribed, or while the web's NATS connection was down). Every service runs as a process; the
// web reaches NATS through a proxy of its own, so the test can cut only the web's connection.

import { join } from "node:path";
import { liveNoticeSchema } from "@cloudpa/contracts";
import { READ_MODEL_SCHEMA, readCheckpoint } from "@cloudpa/read-model";
import { endpointOf, infrastructure, type TcpProxy, tcpProxy, viaProxy, waitFor } from "@cloudpa/testkit";
import type { Subscription } from "@nats-io/transport-node";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { CHANNEL_NUMBER, type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { signUpAndConnect } from "../harness/freelancer.js";
import { withClient } from "../harness/invariants.js";
import { REPO_ROOT } from "../harness/repo-root.js";

const CUSTOMER = "whatsapp:+447700900456";
const LIVE_WAIT_MS = 10_000;

describe("live updates of an open inbox", () => {
  let scenario: FaultScenario;
  let webNats: TcpProxy;
  let browser: Browser;
  let page: Page;
  let orgId: string;
  let notices: Subscription;
  const heard: number[] = [];

  /**
   * Resolves once the projector has committed the message and published its notice: the checkpoint
   * of the org's partition (committed with the message's row, so at or past its event) is heard.
   */
  async function projected(messageSid: string): Promise<void> {
    const committed = await waitFor(
      () =>
        withClient(scenario.db.url, async (client) => {
          const { rows } = await client.query("SELECT 1 FROM readmodel.message WHERE provider_sid = $1", [messageSid]);
          if (rows.length === 0) return undefined;
          return readCheckpoint(client, READ_MODEL_SCHEMA, { partition: scenario.names.partitionOf(orgId) });
        }),
      { timeoutMs: 20_000, what: `message ${messageSid} in the read model` },
    );
    await waitFor(() => heard.some((checkpoint) => checkpoint >= committed), {
      timeoutMs: 5_000,
      what: "the projector's live notice",
    });
  }

  async function customerWrites(body: string): Promise<void> {
    const inbound = await scenario.sim.inbound({
      from: CUSTOMER,
      to: CHANNEL_NUMBER,
      profileName: "Ada Lovelace",
      body,
    });
    expect(inbound.webhookStatus).toBe(200);
    await projected(inbound.messageSid);
  }

  /** Opens the inbox and resolves once its live stream is open. */
  async function openInbox(): Promise<void> {
    const live = page.waitForResponse((response) => new URL(response.url()).pathname === "/live");
    await page.goto(`${scenario.service("web").url}/inbox`);
    expect((await live).status()).toBe(200);
  }

  beforeAll(async () => {
    const { natsUrl } = await infrastructure();
    webNats = await tcpProxy(endpointOf(natsUrl, 4222));
    scenario = await startScenario({
      services: ["ingress", "projector", "web"],
      envChannel: false,
      env: { web: { NATS_URL: viaProxy(natsUrl, webNats) } },
    });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await signUpAndConnect(page, scenario, {
      businessName: "Ada's Tiles",
      email: "ada@tiles.example",
      password: "correct horse battery staple",
    });
    orgId = await withClient(scenario.db.url, async (client) => {
      const { rows } = await client.query<{ org_id: string }>("SELECT org_id FROM app.memberships");
      return rows[0]?.org_id ?? "";
    });
    notices = scenario.nc.subscribe(scenario.names.liveSubject(orgId), {
      callback: (_error, message) => {
        heard.push(liveNoticeSchema.parse(message.json()).checkpoint);
      },
    });
    await scenario.nc.flush();
    // The ingress learns the new channel from the registry; the first message proves it did.
    const first = await waitFor(
      async () => {
        const inbound = await scenario.sim.inbound({
          from: CUSTOMER,
          to: CHANNEL_NUMBER,
          profileName: "Ada Lovelace",
          body: "Hello?",
        });
        return inbound.webhookStatus === 200 && inbound;
      },
      { timeoutMs: 20_000, what: "the ingress to accept the customer's first message" },
    );
    await projected(first.messageSid);
  }, 240_000);

  afterAll(async () => {
    notices?.unsubscribe();
    await browser?.close();
    await scenario?.stop();
    await webNats?.close();
  });

  it("shows a message projected after the page was read but before its event stream subscribed", async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: join(REPO_ROOT, "web/test-results/live-before-subscribe.png") });
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = () => {};
    const streamRequested = new Promise<void>((resolve) => {
      asked = resolve;
    });
    await page.route("**/live", async (route) => {
      asked();
      await held;
      await route.continue().catch(() => undefined);
    });
    try {
      await page.goto(`${scenario.service("web").url}/inbox`);
      await page.getByRole("link", { name: /Ada Lovelace/ }).waitFor();
      await streamRequested;

      await customerWrites("Projected before the stream subscribed");
      release();

      await page.getByText("Projected before the stream subscribed").waitFor({ timeout: LIVE_WAIT_MS });
    } finally {
      release();
      await page.unroute("**/live");
    }
  });

  it("shows a message projected while the web's NATS connection was down", async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: join(REPO_ROOT, "web/test-results/live-nats-cut.png") });
    });
    await openInbox();
    // The stream is live: a message arrives without a reload.
    await customerWrites("Before the cut");
    await page.getByText("Before the cut").waitFor({ timeout: LIVE_WAIT_MS });

    webNats.cut();
    await customerWrites("While the web was cut off from NATS");
    webNats.restore();

    await page.getByText("While the web was cut off from NATS").waitFor({ timeout: LIVE_WAIT_MS });
  });

  it("revalidates once for a change, and not at all while its data is current", async () => {
    await openInbox();
    const revalidations: string[] = [];
    const count = (request: { method(): string; url(): string }) => {
      if (request.method() === "GET" && new URL(request.url()).pathname.endsWith(".data"))
        revalidations.push(request.url());
    };
    page.on("request", count);
    try {
      // The position reported on connect is the one the page was read at.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(revalidations).toEqual([]);

      await customerWrites("One change, one refresh");
      await page.getByText("One change, one refresh").waitFor({ timeout: LIVE_WAIT_MS });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(revalidations).toHaveLength(1);
    } finally {
      page.off("request", count);
    }
  });
});
