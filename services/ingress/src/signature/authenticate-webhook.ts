import type { Channel, ChannelRegistry } from "@cloudpa/kit";
import { IngressError, UNVERIFIED_ANSWER } from "../ingress-error.js";
import type { WebhookRequest } from "../webhook/webhook-request.js";
import { isSignedByTwilio } from "./twilio-signature.js";

/**
 * Finds the channel a webhook is for (by `To` for inbound messages, `From` for status
 * callbacks: always our number) and checks the signature with that channel's own token.
 * Throws an IngressError for an unknown or disconnected number or a bad signature.
 *
 * A request that cannot be verified gets one answer whatever its number (UNVERIFIED_ANSWER,
 * 403): a number no channel has is answered as a bad signature, and a disconnected number says
 * so only to a request signed with its own token. Only the operator's log names the reason.
 */
export function authenticateWebhook(
  registry: ChannelRegistry,
  request: WebhookRequest,
  numberParam: "To" | "From",
): Channel {
  const number = request.params[numberParam];
  if (typeof number !== "string" || number === "") {
    throw new IngressError(
      "WEBHOOK.BAD_PARAM",
      Array.isArray(number) ? `param ${numberParam} was sent more than once` : `param ${numberParam} is missing`,
    );
  }
  const resolution = registry.resolve(number);
  switch (resolution.kind) {
    case "unknown":
      throw new IngressError("CHANNEL.UNKNOWN", UNVERIFIED_ANSWER, {
        detail: `no channel is connected for ${printable(number)}`,
      });
    case "unreadable":
      throw new IngressError(
        "CHANNEL.CREDENTIALS_UNREADABLE",
        "a channel's credentials cannot be opened; retry later",
        {
          detail: `the credentials of the channel for ${printable(number)} cannot be opened`,
        },
      );
    case "inactive":
      verifySignature(resolution.channel, request);
      throw new IngressError("CHANNEL.INACTIVE", `the channel for ${printable(number)} has been disconnected`);
    case "found":
      verifySignature(resolution.channel, request);
      return resolution.channel;
    default: {
      const unhandled: never = resolution;
      throw new Error(`unhandled resolution ${(unhandled as { kind: string }).kind}`);
    }
  }
}

function verifySignature(channel: Channel, request: WebhookRequest): void {
  if (!isSignedByTwilio(channel.authToken, request.signature, request.url, request.params)) {
    throw new IngressError("WEBHOOK.BAD_SIGNATURE", UNVERIFIED_ANSWER);
  }
}

/** A caller-supplied number, safe to put in an answer or a log line. */
export function printable(number: string): string {
  return JSON.stringify(number.length > 64 ? `${number.slice(0, 64)}…` : number);
}
