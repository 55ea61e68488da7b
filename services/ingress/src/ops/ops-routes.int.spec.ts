import { webhookPaths } from "@cloudpa/contracts";
import { type TestNats, testNats } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ACCOUNT_SID,
  ENV_NUMBER,
  ENV_TOKEN,
  type Ingress,
  inboundParams,
  postWebhook,
  sid,
  startIngress,
} from "../test/ingress-harness.js";

describe("health, readiness, metrics and logs", () => {
  let nats: TestNats;
  let ingress: Ingress;
  // The service logs to stdout; this suite reads what it writes instead of printing it.
  const lines: string[] = [];
  let stdout: { mockRestore(): void };
  beforeAll(async () => {
    stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    nats = await testNats();
    ingress = await startIngress(nats, { LOG_LEVEL: "debug" });
  });
  afterAll(async () => {
    await ingress?.close();
    await nats?.cleanup();
    stdout?.mockRestore();
  });

  it("answers /healthz and /readyz with every check passing", async () => {
    expect((await fetch(`${ingress.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ingress.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: { nats: true, streams: true, channelRegistry: true },
    });
  });

  it("counts webhook requests by route and outcome and observes publish latency", async () => {
    const params = inboundParams();
    await postWebhook(ingress, params);
    await postWebhook(ingress, params);
    await postWebhook(ingress, inboundParams(), { signature: "nope" });
    await postWebhook(ingress, inboundParams(), { contentType: "application/json" });
    await postWebhook(ingress, inboundParams({ Body: "z".repeat(70 * 1024) }));
    const metrics = await (await fetch(`${ingress.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/ingress_webhook_requests_total\{route="inbound",outcome="accepted"[^}]*\} 1/);
    expect(metrics).toMatch(/ingress_webhook_requests_total\{route="inbound",outcome="duplicate"[^}]*\} 1/);
    expect(metrics).toMatch(/ingress_webhook_requests_total\{route="inbound",outcome="bad_signature"[^}]*\} 1/);
    expect(metrics).toMatch(
      /ingress_webhook_requests_total\{route="inbound",outcome="unsupported_media_type"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/ingress_webhook_requests_total\{route="inbound",outcome="too_large"[^}]*\} 1/);
    expect(metrics).toMatch(/ingress_publish_duration_seconds_count\{[^}]*outcome="stored"[^}]*\} 1/);
    // The HTTP status beside the reason, so a dashboard and an alert can tell 4xx refusals from 5xx.
    expect(metrics).toMatch(/ingress_webhook_requests_total\{route="inbound",outcome="accepted",status="200"[^}]*\} 1/);
    expect(metrics).toMatch(
      /ingress_webhook_requests_total\{route="inbound",outcome="bad_signature",status="403"[^}]*\} 1/,
    );
    expect(metrics).toMatch(
      /ingress_webhook_requests_total\{route="inbound",outcome="too_large",status="413"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/cloudpa_stream_available\{stream="[^"]+-events",service="ingress"\} 1/);
  });

  it("counts replies Twilio reported failed or undelivered, by status and error code, once per callback", async () => {
    const path = webhookPaths().status;
    const callback = (MessageStatus: string, extra: Record<string, string> = {}) => ({
      MessageSid: sid(),
      MessageStatus,
      AccountSid: ACCOUNT_SID,
      From: ENV_NUMBER,
      To: "whatsapp:+15557654321",
      ...extra,
    });
    const failed = callback("failed", { ErrorCode: "63016", ErrorMessage: "outside the window" });
    expect((await postWebhook(ingress, failed, { path })).status).toBe(200);
    expect((await postWebhook(ingress, failed, { path })).status).toBe(200);
    expect((await postWebhook(ingress, callback("undelivered"), { path })).status).toBe(200);
    expect((await postWebhook(ingress, callback("delivered"), { path })).status).toBe(200);
    const metrics = await (await fetch(`${ingress.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^ingress_delivery_failures_total\{status="failed",error_code="63016",service="ingress"\} 1$/m,
    );
    expect(metrics).toMatch(
      /^ingress_delivery_failures_total\{status="undelivered",error_code="none",service="ingress"\} 1$/m,
    );
    expect(metrics).not.toMatch(/^ingress_delivery_failures_total\{status="delivered"/m);
  });

  it("logs JSON lines with org, channel and MessageSid, never the auth token or the message body", async () => {
    const params = inboundParams({ Body: "a very private message 4711" });
    await postWebhook(ingress, params);
    await postWebhook(ingress, inboundParams({ Body: "another secret 0815" }), { signature: "bad" });
    const records = lines.flatMap((line) => line.trim().split("\n")).map((line) => JSON.parse(line));
    const recorded = records.find(
      (r) => r.message === "inbound message recorded" && r.messageSid === params.MessageSid,
    );
    expect(recorded).toMatchObject({ messageSid: params.MessageSid, level: "info" });
    expect(recorded.orgId).toBeTruthy();
    expect(recorded.channelId).toBeTruthy();
    expect(records.find((r) => r.message === "webhook refused")).toMatchObject({ status: 403 });
    const all = lines.join("");
    expect(all).not.toContain("private message");
    expect(all).not.toContain("secret 0815");
    expect(all).not.toContain(ENV_TOKEN);
  });
});
