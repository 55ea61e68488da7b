import { describe, expect, it } from "vitest";
import { failedReplyRetryOf } from "./failed-reply-retry.ts";

const template = { contentSid: "HX0123456789abcdef0123456789abcdef", variables: { "1": "Alan", "2": "the tap" } };
const failedTemplate = { body: "Hello Alan, your quote for the tap is ready.", details: { template } };
const failedText = { body: "Tuesday works, 10:00?", details: null };

describe("Retry of a failed reply", () => {
  it("sends a failed template again as the same template, whether the window is open or closed", () => {
    for (const windowOpen of [true, false])
      expect(failedReplyRetryOf(failedTemplate, { channelActive: true, windowOpen })).toEqual({
        kind: "template",
        contentSid: template.contentSid,
        variables: template.variables,
        text: failedTemplate.body,
      });
  });

  it("sends a failed text again as text while the window is open, and offers nothing when it is closed", () => {
    expect(failedReplyRetryOf(failedText, { channelActive: true, windowOpen: true })).toEqual({
      kind: "text",
      text: failedText.body,
    });
    expect(failedReplyRetryOf(failedText, { channelActive: true, windowOpen: false })).toBeNull();
  });

  it("offers nothing from a disconnected number", () => {
    expect(failedReplyRetryOf(failedTemplate, { channelActive: false, windowOpen: true })).toBeNull();
    expect(failedReplyRetryOf(failedText, { channelActive: false, windowOpen: true })).toBeNull();
  });
});
