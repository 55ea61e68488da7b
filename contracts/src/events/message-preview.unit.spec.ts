import { describe, expect, it } from "vitest";
import { kindPreviewOf, mediaPreviewOf, messagePreviewOf, previewOf } from "./message-preview.js";

describe("a message's one-line preview", () => {
  it("previews each kind that its body does not describe", () => {
    expect(kindPreviewOf("location", { location: { latitude: 0, longitude: 0 } })).toBe("📍 Location");
    expect(kindPreviewOf("location", { location: { latitude: 0, longitude: 0, label: "Shop" } })).toBe("📍 Shop");
    expect(kindPreviewOf("contacts", { contacts: { mediaIndexes: [0] } })).toBe("👤 Contact");
    expect(kindPreviewOf("interactive", { interactive: { type: "button", text: "Yes" } })).toBe("🔘 Yes");
    expect(kindPreviewOf("reaction", { reaction: { emoji: "👍" } })).toBe("Reacted 👍");
    expect(kindPreviewOf("unsupported", { unsupported: { type: "order" } })).toBe("Unsupported message (order)");
    expect(kindPreviewOf("media", { sticker: true })).toBe("Sticker");
    expect(kindPreviewOf("media", null)).toBeUndefined();
    expect(kindPreviewOf("text", null)).toBeUndefined();
  });

  it("previews media without text as what they are, a document by its name when it has one", () => {
    expect(mediaPreviewOf([{ contentType: "image/jpeg" }])).toBe("📷 Photo");
    expect(mediaPreviewOf([{ contentType: "video/mp4" }])).toBe("🎥 Video");
    expect(mediaPreviewOf([{ contentType: "audio/ogg" }])).toBe("🎤 Audio");
    expect(mediaPreviewOf([{ contentType: "application/pdf", name: "quote.pdf" }])).toBe("📄 quote.pdf");
    expect(mediaPreviewOf([{ contentType: "application/pdf" }])).toBe("📄 Document");
    expect(mediaPreviewOf([{ contentType: "image/png" }, { contentType: "application/pdf" }])).toBe("📎 2 files");
    expect(mediaPreviewOf([])).toBeUndefined();
  });

  it("previews text on one line, cut at 140 characters, and media without text as what they are", () => {
    expect(previewOf("  two\n\tlines  here ", [])).toBe("two lines here");
    expect(previewOf("plain", [])).toBe("plain");
    const long = previewOf("x".repeat(200), []);
    expect([long.length, long.endsWith("…")]).toEqual([140, true]);
    expect(previewOf("  ", [{ contentType: "image/jpeg" }])).toBe("📷 Photo");
    expect(previewOf("", [])).toBe("");
  });

  it("says what a message is: its kind where the body does not, else its text or media", () => {
    expect(messagePreviewOf("location", { location: { latitude: 0, longitude: 0, label: "Shop" } }, "", [])).toBe(
      "📍 Shop",
    );
    expect(messagePreviewOf("media", null, "The kitchen", [{ contentType: "image/jpeg" }])).toBe("The kitchen");
    expect(messagePreviewOf("media", null, "", [{ contentType: "image/jpeg" }])).toBe("📷 Photo");
    expect(messagePreviewOf("text", null, "Hello\n there", [])).toBe("Hello there");
  });
});
