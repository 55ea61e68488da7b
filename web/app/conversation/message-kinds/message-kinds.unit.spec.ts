import { describe, expect, it } from "vitest";
import { apiMessageOf } from "./api-message.ts";
import { type KindMessage, mapLinkOf, quoteTextOf, showsOwnBody } from "./kind-message.ts";

const base: KindMessage & { requestedBy: string | null } = {
  id: "00000000-0000-4000-8000-000000000001",
  direction: "inbound",
  kind: "text",
  body: "hello",
  details: null,
  replyToSid: null,
  reaction: null,
  replyTo: null,
  requestedBy: null,
};

describe("message kinds in the web", () => {
  it("links a point to OpenStreetMap with six decimals, no script", () => {
    expect(mapLinkOf(51.50336, -0.12762)).toBe(
      "https://www.openstreetmap.org/?mlat=51.503360&mlon=-0.127620#map=17/51.503360/-0.127620",
    );
  });

  it("describes a quoted message by its text, or by what it is", () => {
    expect(quoteTextOf({ kind: "text", body: "  two\n lines ", details: null })).toBe("two lines");
    expect(quoteTextOf({ kind: "location", body: "", details: { location: { latitude: 0, longitude: 0 } } })).toBe(
      "📍 Location",
    );
    expect(quoteTextOf({ kind: "contacts", body: "", details: { contacts: { mediaIndexes: [0] } } })).toBe(
      "👤 Contact",
    );
    expect(quoteTextOf({ kind: "media", body: "", details: { sticker: true } })).toBe("Sticker");
    expect(quoteTextOf({ kind: "unsupported", body: "", details: { unsupported: { type: "order" } } })).toBe(
      "Unsupported message (order)",
    );
    expect(showsOwnBody("text") && showsOwnBody("template") && !showsOwnBody("interactive")).toBe(true);
  });

  it("gives the API the kind's fields at the top level, the quote and the reaction", () => {
    expect(
      apiMessageOf({
        ...base,
        kind: "interactive",
        details: { interactive: { type: "button", text: "Yes", payload: "y" } },
        replyToSid: "SM1",
        reaction: "👍",
        replyTo: { id: "q", direction: "outbound", kind: "text", body: "Book Friday?", details: null },
      }),
    ).toEqual({
      id: base.id,
      direction: "inbound",
      kind: "interactive",
      body: "hello",
      interactive: { type: "button", text: "Yes", payload: "y" },
      replyTo: { messageSid: "SM1", id: "q", direction: "outbound", kind: "text", text: "Book Friday?" },
      customerReaction: "👍",
      automatic: null,
    });
    expect(
      apiMessageOf({ ...base, kind: "reaction", details: { reaction: { emoji: "❤️" } }, replyToSid: "SM9" }),
    ).toEqual(
      expect.objectContaining({ reaction: { emoji: "❤️", messageSid: "SM9" }, replyTo: null, customerReaction: null }),
    );
  });

  it("names an automatic reply's kind, never who requested a message", () => {
    const away = apiMessageOf({ ...base, direction: "outbound", requestedBy: "auto-reply:away" });
    expect(away.automatic).toBe("away");
    expect(away).not.toHaveProperty("requestedBy");
    expect(apiMessageOf({ ...base, direction: "outbound", requestedBy: "auto-reply:greeting" }).automatic).toBe(
      "greeting",
    );
    expect(apiMessageOf({ ...base, direction: "outbound", requestedBy: base.id })).toMatchObject({ automatic: null });
  });
});
