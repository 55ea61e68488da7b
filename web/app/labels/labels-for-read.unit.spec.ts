import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { labelsOfForRead } from "./labels.server.ts";

// The org's labels are read once per HTTP read and shared by its loaders (issue 16): a
// conversation's .data request runs the inbox's and the conversation's, which both show them.
describe("the org's labels for a read", () => {
  const orgA = "7c9e6679-7425-40de-944b-e07fc1f90b01";
  const orgB = "0f8fad5b-d9cb-469f-a165-70867728950e";

  function given(perRequest: AppLoadContext["perRequest"]) {
    const asked: unknown[][] = [];
    const db = {
      query: async (_sql: string, values: unknown[]) => {
        asked.push(values);
        return { rows: [{ id: "l1", name: "VIP", colour: "red", createdAt: new Date(0) }] };
      },
    };
    const context = { web: { db, readModelSchema: "readmodel" }, perRequest } as unknown as AppLoadContext;
    return { context, asked };
  }
  const get = new Request("http://web.test/inbox/1.data");

  it("reads them once for all the loaders of one GET", async () => {
    const { context, asked } = given({});
    const [first, second] = await Promise.all([
      labelsOfForRead(context, get, orgA),
      labelsOfForRead(context, get, orgA),
    ]);
    expect(first).toBe(second);
    expect(asked).toHaveLength(1);
  });

  it("reads them again for another org, for a write, and when nothing is shared", async () => {
    const { context, asked } = given({});
    await labelsOfForRead(context, get, orgA);
    await labelsOfForRead(context, get, orgB);
    await labelsOfForRead(context, new Request("http://web.test/inbox/1", { method: "POST" }), orgB);
    expect(asked).toHaveLength(3);
    const alone = given(undefined);
    await labelsOfForRead(alone.context, get, orgA);
    await labelsOfForRead(alone.context, get, orgA);
    expect(alone.asked).toHaveLength(2);
  });

  it("takes them from the first loader's read, which may be another statement's (the inbox's reads of the org)", async () => {
    const { context, asked } = given({});
    const inboxReads = Promise.resolve([{ id: "l2", name: "Billing", colour: "blue" as const }]);
    const first = await labelsOfForRead(context, get, orgA, () => inboxReads);
    expect(await labelsOfForRead(context, get, orgA)).toBe(first);
    expect(first).toEqual([{ id: "l2", name: "Billing", colour: "blue" }]);
    expect(asked).toHaveLength(0);
  });
});
