import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider } from "./read-model.decider.js";

const { when } = specification(readModelDecider, changesOf);
const f = eventFactory();
const photo = {
  mediaId: "3b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
  contentType: "image/png",
  size: 2048,
  name: "roof.png",
};
const quote = {
  mediaId: "4b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11",
  contentType: "application/pdf",
  size: 99,
  name: "q.pdf",
};

describe("a reply's files", () => {
  it("show as the message's media: the stored copies, kind media, previewed as media when captionless", () => {
    const reply = { ...f.replySent(1, 7, 20), body: "", media: [photo, quote] };
    const model = when(f.inbound(1, 7, 10), reply);
    expect(rowsOf(model.state.messages).find((m) => m.direction === "outbound")).toMatchObject({
      kind: "media",
      media: [
        { url: "", contentType: "image/png", mediaId: photo.mediaId, size: 2048, name: "roof.png" },
        { url: "", contentType: "application/pdf", mediaId: quote.mediaId, size: 99, name: "q.pdf" },
      ],
    });
    expect(rowsOf(model.state.conversations)[0]?.lastMessagePreview).toBe("📎 2 files");
    // One file alone is previewed as what it is, a document by the name it was sent with.
    const document = when(f.inbound(1, 7, 10), { ...f.replySent(1, 7, 20), body: "", media: [quote] });
    expect(rowsOf(document.state.conversations)[0]?.lastMessagePreview).toBe("📄 q.pdf");
  });

  it("are kept on a failed reply too", () => {
    const failed = { ...f.replyFailed(2, 7, 30), media: [quote] };
    const model = when(f.inbound(1, 7, 10), failed);
    expect(rowsOf(model.state.messages).find((m) => m.direction === "outbound")?.media).toEqual([
      { url: "", contentType: "application/pdf", mediaId: quote.mediaId, size: 99, name: "q.pdf" },
    ]);
  });
});
