import type { SendReply } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import type { Attempt } from "./attempt-store.js";
import { attemptStarted, nextAttemptStep, phaseToRetry, retryDelayMs } from "./send-attempt.js";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const secondsBefore = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const context = { now: NOW, owner: "this-process", attemptLeaseMs: 25_000 };

const command: SendReply = {
  type: "SendReply",
  version: 1,
  commandId: "7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
  orgId: "0b6a4f0e-8f3d-4c4e-9a51-000000000001",
  conversationId: "0b6a4f0e-8f3d-4c4e-9a51-0000000000c1",
  text: "See you on Friday",
  requestedBy: "user:ana",
  requestedAt: NOW.toISOString(),
};

function attempt(phase: Attempt["phase"], secondsAgo: number, owner = "other-process"): Attempt {
  const { commandId, orgId, conversationId } = command;
  return { commandId, orgId, conversationId, phase, attemptedAt: secondsBefore(secondsAgo), owner, sends: 1 };
}

describe("the next step of a command's attempt", () => {
  it("calls Twilio when no call was made, or the last one was not taken", () => {
    expect(nextAttemptStep(undefined, context)).toEqual({ kind: "call" });
    expect(nextAttemptStep(attempt("not_sent", 3), context)).toEqual({ kind: "call" });
  });

  it("does nothing more once the outcome is appended", () => {
    expect(nextAttemptStep(attempt("settled", 3), context)).toEqual({ kind: "settled" });
  });

  it("waits out another process's call while its lease runs, then looks it up", () => {
    expect(nextAttemptStep(attempt("sending", 10), context)).toEqual({ kind: "wait", delayMs: 15_000 });
    expect(nextAttemptStep(attempt("sending", 25), context)).toEqual({
      kind: "look_up",
      phase: "sending",
      attemptedAt: new Date(secondsBefore(25)),
    });
  });

  it("looks up its own interrupted call, and any call in doubt, at once", () => {
    expect(nextAttemptStep(attempt("sending", 1, "this-process"), context)).toMatchObject({ kind: "look_up" });
    expect(nextAttemptStep(attempt("in_doubt", 1), context)).toEqual({
      kind: "look_up",
      phase: "in_doubt",
      attemptedAt: new Date(secondsBefore(1)),
    });
  });

  it("records a call as this process's, started now, one send more", () => {
    expect(attemptStarted(command, attempt("in_doubt", 40), context)).toEqual({
      commandId: command.commandId,
      orgId: command.orgId,
      conversationId: command.conversationId,
      phase: "sending",
      attemptedAt: NOW.toISOString(),
      owner: "this-process",
      sends: 2,
    });
    expect(attemptStarted(command, undefined, context).sends).toBe(1);
  });

  it("leaves a timed-out call in doubt and a refused one not sent", () => {
    expect(phaseToRetry({ kind: "in_doubt", message: "timeout" })).toBe("in_doubt");
    expect(phaseToRetry({ kind: "unavailable", message: "503" })).toBe("not_sent");
  });

  it("doubles the retry delay per delivery, up to the bound", () => {
    const backoff = { retryBaseDelayMs: 1000, maxRetryDelayMs: 30_000 };
    expect([1, 2, 3, 5, 6, 9].map((deliveries) => retryDelayMs(deliveries, backoff))).toEqual([
      1000, 2000, 4000, 16_000, 30_000, 30_000,
    ]);
  });
});
