import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { answerOfError } from "./twilio-gateway.js";

const restError = (statusCode: number, code: number, message: string) =>
  new twilio.RestException({ statusCode, body: { code, message, status: statusCode } });

describe("classifying a failed send", () => {
  it("takes a 4xx as Twilio's refusal, with its code and message", () => {
    expect(answerOfError(restError(400, 21211, "Invalid 'To' Phone Number"))).toEqual({
      kind: "refused",
      code: "21211",
      message: "Invalid 'To' Phone Number",
    });
  });

  it("takes 429 and 5xx as Twilio not having taken the message", () => {
    expect(answerOfError(restError(429, 20429, "Too Many Requests")).kind).toBe("unavailable");
    expect(answerOfError(restError(503, 20503, "Service Unavailable")).kind).toBe("unavailable");
  });

  it("takes a refused connection as not sent, and a timeout as in doubt", () => {
    expect(answerOfError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).kind).toBe(
      "unavailable",
    );
    expect(answerOfError(Object.assign(new Error("timeout of 300ms exceeded"), { code: "ECONNABORTED" })).kind).toBe(
      "in_doubt",
    );
  });
});
