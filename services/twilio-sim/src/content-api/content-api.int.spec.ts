import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTwilioSim, type TwilioSim } from "../index.js";
import { simTwilioClient } from "../testing/sim-twilio-client.js";

const ACCOUNT = { accountSid: `AC${"5e".repeat(16)}`, authToken: "6f".repeat(16) };
const OTHER = { accountSid: `AC${"7a".repeat(16)}`, authToken: "8b".repeat(16) };

describe("Content API", () => {
  let sim: TwilioSim;

  beforeAll(async () => {
    sim = await startTwilioSim({ accounts: [ACCOUNT, OTHER], approvalDelayMs: 60_000 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => sim.reset());

  it("lists the demo templates with their WhatsApp approval: three approved, one pending, one rejected with a reason", async () => {
    const client = simTwilioClient(sim.url, ACCOUNT);
    const listed = await client.content.v1.contentAndApprovals.list();
    const byName = new Map(listed.map((item) => [item.friendlyName, item]));
    expect([...byName.keys()].sort()).toEqual(
      ["appointment_reminder", "follow_up", "payment_overdue", "quote_ready", "seasonal_offer"].sort(),
    );
    const statuses = listed.map((item) => (item.approvalRequests as unknown as { status: string }).status).sort();
    expect(statuses).toEqual(["approved", "approved", "approved", "pending", "rejected"]);
    expect(byName.get("payment_overdue")?.approvalRequests).toMatchObject({
      status: "rejected",
      rejection_reason: expect.stringContaining("INVALID_FORMAT"),
    });
    const reminder = byName.get("appointment_reminder");
    expect(reminder?.sid).toBe(sim.demoTemplateSid("appointment_reminder"));
    expect(reminder?.types).toEqual({ "twilio/text": { body: expect.stringContaining("{{1}}") } });
    expect(reminder?.language).toBe("en");

    const fetched = await client.content.v1.contents(reminder?.sid as string).fetch();
    expect(fetched.friendlyName).toBe("appointment_reminder");
    expect(fetched.links).toMatchObject({ approval_fetch: expect.stringContaining("/ApprovalRequests") });

    // Another account has its own copies, with other SIDs.
    const others = await simTwilioClient(sim.url, OTHER).content.v1.contents.list();
    expect(others.map((item) => item.sid)).not.toContain(reminder?.sid);
    await expect(
      simTwilioClient(sim.url, OTHER)
        .content.v1.contents(reminder?.sid as string)
        .fetch(),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("creates a template, takes its approval request and approves it once the review's delay has passed", async () => {
    const client = simTwilioClient(sim.url, ACCOUNT);
    const created = await client.content.v1.contents.create({
      friendly_name: "visit_confirmed",
      language: "en",
      variables: { "1": "Ada", "2": "Monday" },
      types: { "twilio/text": { body: "Hi {{1}}, see you on {{2}}." } },
    } as never);
    expect(created.sid).toMatch(/^HX[0-9a-f]{32}$/);
    expect(created).toMatchObject({ friendlyName: "visit_confirmed", language: "en", accountSid: ACCOUNT.accountSid });

    const unsubmitted = await client.content.v1.contents(created.sid).approvalFetch().fetch();
    expect(unsubmitted.whatsapp).toMatchObject({ status: "unsubmitted" });

    const submitted = await client.content.v1
      .contents(created.sid)
      .approvalCreate.create({ name: "visit_confirmed", category: "UTILITY" });
    expect(submitted).toMatchObject({ name: "visit_confirmed", category: "UTILITY", status: "received" });

    sim.advanceClock(30_000);
    expect((await client.content.v1.contents(created.sid).approvalFetch().fetch()).whatsapp).toMatchObject({
      status: "pending",
    });
    sim.advanceClock(30_000);
    expect((await client.content.v1.contents(created.sid).approvalFetch().fetch()).whatsapp).toMatchObject({
      status: "approved",
      content_type: "twilio/text",
    });
    expect(sim.templates()).toContainEqual(expect.objectContaining({ sid: created.sid, status: "approved" }));
  });

  it("rejects an approval request named reject_… when its review ends, and any template on demand", async () => {
    const client = simTwilioClient(sim.url, ACCOUNT);
    const created = await client.content.v1.contents.create({
      language: "en",
      types: { "twilio/media": { body: "Your invoice {{1}}", media: ["https://files.example/{{1}}.pdf"] } },
    } as never);
    await client.content.v1
      .contents(created.sid)
      .approvalCreate.create({ name: "reject_invoice", category: "UTILITY" });
    sim.advanceClock(60_000);
    const fetched = await client.content.v1.contents(created.sid).approvalFetch().fetch();
    expect(fetched.whatsapp).toMatchObject({ status: "rejected", rejection_reason: expect.stringContaining("reject") });

    const pending = sim.demoTemplateSid("seasonal_offer");
    const response = await fetch(`${sim.url}/sim/content/${pending}/approval`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "rejected", rejectionReason: "Marketing content in a utility template" }),
    });
    expect(response.status).toBe(200);
    const listed = await client.content.v1.contentAndApprovals.list();
    expect(listed.find((item) => item.sid === pending)?.approvalRequests).toMatchObject({
      status: "rejected",
      rejection_reason: "Marketing content in a utility template",
    });
  });

  it("refuses a create without language or types, an approval without a category, and a wrong password", async () => {
    const basic = Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64");
    const post = (path: string, body: unknown, auth = basic) =>
      fetch(`${sim.url}${path}`, {
        method: "POST",
        headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("/v1/Content", { types: { "twilio/text": { body: "hi" } } })).status).toBe(400);
    expect((await post("/v1/Content", { language: "en", types: {} })).status).toBe(400);
    expect((await post("/v1/Content", { language: "en", types: { "twilio/text": {} } })).status).toBe(400);
    const sid = sim.demoTemplateSid("follow_up");
    const noCategory = await post(`/v1/Content/${sid}/ApprovalRequests/whatsapp`, { name: "follow_up" });
    expect(noCategory.status).toBe(400);
    expect(await noCategory.json()).toMatchObject({ code: 20001, status: 400 });
    const wrong = await post("/v1/Content", {}, Buffer.from(`${ACCOUNT.accountSid}:nope`).toString("base64"));
    expect(wrong.status).toBe(401);
  });

  it("answers an approval request as received even when the review takes no time, then shows it decided", async () => {
    sim.configure({ approvalDelayMs: 0 });
    const client = simTwilioClient(sim.url, ACCOUNT);
    const created = await client.content.v1.contents.create({
      language: "en",
      types: { "twilio/text": { body: "Done, {{1}}" } },
    } as never);
    const submitted = await client.content.v1
      .contents(created.sid)
      .approvalCreate.create({ name: "done_now", category: "UTILITY" });
    expect(submitted.status).toBe("received");
    expect((await client.content.v1.contents(created.sid).approvalFetch().fetch()).whatsapp).toMatchObject({
      status: "approved",
    });
  });

  it("pages the list with PageSize and the meta's next_page_url", async () => {
    const client = simTwilioClient(sim.url, ACCOUNT);
    const page = await client.content.v1.contents.page({ pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    const all = await client.content.v1.contents.list({ pageSize: 2 });
    expect(all).toHaveLength(5);
  });
});
