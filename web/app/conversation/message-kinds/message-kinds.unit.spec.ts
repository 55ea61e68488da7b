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

  it("describes a quoted message as the inbox's list does: its text, or what it is", () => {
    const quote = (row: Partial<Parameters<typeof quoteTextOf>[0]>) =>
      quoteTextOf({ kind: "text", body: "", details: null, media: [], ...row });
    expect(quote({ body: "  two\n lines " })).toBe("two lines");
    expect(quote({ kind: "location", details: { location: { latitude: 0, longitude: 0 } } })).toBe("📍 Location");
    expect(quote({ kind: "contacts", details: { contacts: { mediaIndexes: [0] } } })).toBe("👤 Contact");
    expect(quote({ kind: "interactive", body: "Yes", details: { interactive: { type: "button", text: "Yes" } } })).toBe(
      "🔘 Yes",
    );
    expect(quote({ kind: "media", details: { sticker: true } })).toBe("Sticker");
    expect(quote({ kind: "media", media: [{ contentType: "image/jpeg" }] })).toBe("📷 Photo");
    expect(quote({ kind: "media", media: [{ contentType: "application/pdf", name: "quote.pdf" }] })).toBe(
      "📄 quote.pdf",
    );
    expect(quote({ kind: "media", body: "The kitchen", media: [{ contentType: "image/jpeg" }] })).toBe("The kitchen");
    expect(quote({ kind: "unsupported", details: { unsupported: { type: "order" } } })).toBe(
      "Unsupported message (order)",
    );
    expect(quote({})).toBe("Message");
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
        replyTo: { id: "q", direction: "outbound", kind: "text", body: "Book Friday?", details: null, media: [] },
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
