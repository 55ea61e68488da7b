import { type TestNats, testNats } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveEventStream } from "./live-stream.server.ts";

let nats: TestNats;
beforeAll(async () => {
  nats = await testNats();
});
afterAll(async () => {
  await nats?.cleanup();
});

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  while (!text.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return text;
}

describe("live updates", () => {
  it("turns the org's live notices into server-sent change events, and only that org's", async () => {
    const abort = new AbortController();
    const response = liveEventStream(nats.nc, nats.names.liveSubject("org-a"), abort.signal);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    await readUntil(reader, ": connected");
    await nats.nc.flush();
    nats.nc.publish(nats.names.liveSubject("org-b"), JSON.stringify({ conversationId: "not-mine" }));
    nats.nc.publish(nats.names.liveSubject("org-a"), JSON.stringify({ conversationId: "c-1" }));
    const text = await readUntil(reader, "c-1");
    expect(text).toContain('event: change\ndata: {"conversationId":"c-1"}');
    expect(text).not.toContain("not-mine");
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });
});
