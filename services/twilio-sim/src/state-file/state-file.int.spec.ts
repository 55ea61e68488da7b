import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_DEMO_ACCOUNT_SID, SIM_DEMO_AUTH_TOKEN, startTwilioSim, type TwilioSim } from "../index.js";
import { runFromEnv } from "../run-from-env.js";
import { simTwilioClient } from "../testing/sim-twilio-client.js";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver.js";
import { SimStateFileError } from "./state-file.js";

const ACCOUNT = { accountSid: SIM_DEMO_ACCOUNT_SID, authToken: SIM_DEMO_AUTH_TOKEN };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900031";
const BEN = "whatsapp:+447700900032";
const PHOTO = Buffer.from("not really a jpeg, but bytes all the same");

describe("the simulator's state across a restart", () => {
  let dir: string;
  let stateFile: string;
  let receiver: WebhookReceiver;
  const running: TwilioSim[] = [];

  /** The simulator as `npm start` runs it (window enforced, demo account), on this test's state file. */
  const start = async () => {
    const { sim } = await runFromEnv(
      {
        TWILIO_SIM_PORT: "0",
        PUBLIC_BASE_URL: receiver.url,
        TWILIO_ACCOUNT_SID: "",
        TWILIO_AUTH_TOKEN: "",
        TWILIO_SIM_STATE_FILE: stateFile,
        LOG_LEVEL: "silent",
      },
      () => {},
    );
    running.push(sim);
    return sim;
  };
  const stop = async (sim: TwilioSim) => {
    running.splice(running.indexOf(sim), 1);
    await sim.close();
  };
  const reply = (sim: TwilioSim, to: string, body: string) =>
    simTwilioClient(sim.url, ACCOUNT).messages.create({ from: BUSINESS, to, body });
  const fetchMessage = (sim: TwilioSim, sid: string) => simTwilioClient(sim.url, ACCOUNT).messages(sid).fetch();

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "twilio-sim-state-"));
    stateFile = join(dir, "twilio-sim", "state.json");
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it("delivers a free-text reply to a customer who wrote before the restart; one who never wrote still gets 63016", async () => {
    const before = await start();
    const inbound = await before.inbound({
      from: ADA,
      profileName: "Ada",
      body: "Hi, are you free Tuesday?",
      media: [{ contentType: "image/jpeg", dataBase64: PHOTO.toString("base64") }],
    });
    expect(inbound.webhookStatus).toBe(200);
    const answered = await reply(before, ADA, "Yes, 10:00?");
    await expect.poll(async () => (await fetchMessage(before, answered.sid)).status).toBe("read");
    before.decideApproval(before.demoTemplateSid("seasonal_offer"), "approved");
    await stop(before);

    const after = await start();
    const sent = await reply(after, ADA, "See you then!");
    await expect.poll(async () => (await fetchMessage(after, sent.sid)).status).toBe("read");
    expect((await fetchMessage(after, sent.sid)).errorCode).toBeNull();

    const stranger = await reply(after, BEN, "Hello?");
    await expect.poll(async () => (await fetchMessage(after, stranger.sid)).errorCode).toBe(63016);
    expect((await fetchMessage(after, stranger.sid)).status).toBe("failed");

    // What Twilio kept: the messages by SID with their last status, the customer's photo, the template's approval.
    expect(await fetchMessage(after, answered.sid)).toMatchObject({ status: "read", body: "Yes, 10:00?" });
    const received = await fetchMessage(after, inbound.messageSid);
    expect(received).toMatchObject({ direction: "inbound", from: ADA, body: "Hi, are you free Tuesday?" });
    const media = await simTwilioClient(after.url, ACCOUNT).messages(inbound.messageSid).media.list();
    expect(media).toHaveLength(1);
    const bytes = await fetch(`${after.url}/sim/media/${media[0]?.sid}`);
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(PHOTO);
    const phone = await fetch(`${after.url}/sim/conversation?customer=${encodeURIComponent(ADA)}`);
    const history = ((await phone.json()) as { messages: Array<{ body: string }> }).messages.map((m) => m.body);
    expect(history).toEqual(["Hi, are you free Tuesday?", "Yes, 10:00?", "See you then!"]);
    expect(after.templates().find((template) => template.friendlyName === "seasonal_offer")?.status).toBe("approved");
  });

  it("saves a moment after a change, so a simulator killed without closing keeps what it had saved", async () => {
    const killed = await start();
    const inbound = await killed.inbound({ from: ADA, body: "Are you there?" });
    // Saved 200 ms after the change, then flushed to disk (fsync): allowed a busy machine's disk.
    await expect
      .poll(async () => readFile(stateFile, "utf8").catch(() => ""), { timeout: 5000 })
      .toContain(inbound.messageSid);
    // Owner-only, as .env is: it holds customers' numbers and messages.
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    expect((await readdir(join(dir, "twilio-sim"))).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    // A second simulator on the file while the first never closed: the kill -9 case.
    const next = await start();
    const sent = await reply(next, ADA, "Yes!");
    await expect.poll(async () => (await fetchMessage(next, sent.sid)).status).toBe("read");
  });

  it("forgets on POST /sim/reset, across a restart too", async () => {
    const before = await start();
    await before.inbound({ from: ADA, body: "Hi" });
    expect((await fetch(`${before.url}/sim/reset`, { method: "POST" })).status).toBe(200);
    await stop(before);

    const after = await start();
    const sent = await reply(after, ADA, "Hello again");
    await expect.poll(async () => (await fetchMessage(after, sent.sid)).errorCode).toBe(63016);
  });

  it("refuses to start on a state file that is not JSON, naming the file, and leaves the file as it was", async () => {
    await mkdir(dirname(stateFile), { recursive: true });
    await writeFile(stateFile, '{"version": 1, "messages": [');
    const failure = await start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SimStateFileError);
    expect((failure as Error).message).toContain(stateFile);
    expect((failure as Error).message).toContain("not JSON");
    expect(await readFile(stateFile, "utf8")).toBe('{"version": 1, "messages": [');
  });

  it("refuses to start on a state file of another shape, saying which field is wrong", async () => {
    const sim = await startTwilioSim({ accounts: [ACCOUNT], stateFile });
    await sim.inbound({ from: ADA, body: "Hi" });
    await sim.close();
    const saved = JSON.parse(await readFile(stateFile, "utf8")) as { messages: Array<Record<string, unknown>> };
    (saved.messages[0] as Record<string, unknown>).dateCreated = "yesterday-ish";
    await writeFile(stateFile, JSON.stringify(saved));

    const failure = await startTwilioSim({ accounts: [ACCOUNT], stateFile }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SimStateFileError);
    expect((failure as Error).message).toContain(stateFile);
    expect((failure as Error).message).toMatch(/messages\[0\]\.dateCreated|messages\.0\.dateCreated/);
  });
});
