import { MAX_REPLY_LENGTH, replyLengthOf } from "@cloudpa/contracts";
import { z } from "zod";
import type { SimMessage } from "../sim-state.js";
import { newTwilioSid } from "../twilio-sid.js";
import { type LaterFailure, sendFailureOf } from "./send-failure.js";
import { type TwilioRefusal, twilioRefusal } from "./twilio-error.js";

/** The create-message form, as far as the simulator reads it; Twilio ignores params it does not know. */
const createMessageFormSchema = z.object({
  To: z.string().optional(),
  From: z.string().optional(),
  Body: z.string().optional(),
  MediaUrl: z.array(z.string()).default([]),
  ContentSid: z.string().optional(),
  MessagingServiceSid: z.string().optional(),
  StatusCallback: z.string().optional(),
});

const PHONE = /^(whatsapp:)?\+[1-9]\d{6,14}$/;

export type CreateOutcome =
  | { kind: "refused"; refusal: TwilioRefusal }
  | { kind: "accepted"; message: SimMessage; laterFailure?: LaterFailure };

export interface CreateContext {
  accountSid: string;
  /** Numbers the account owns; empty means any From is accepted. */
  numbers: readonly string[];
  /** The next failure chosen by the test, if any. */
  chosenFailure: number | undefined;
  now: Date;
}

function formObject(form: Map<string, string[]>) {
  return createMessageFormSchema.parse({
    To: form.get("To")?.[0],
    From: form.get("From")?.[0],
    Body: form.get("Body")?.[0],
    MediaUrl: form.get("MediaUrl") ?? [],
    ContentSid: form.get("ContentSid")?.[0],
    MessagingServiceSid: form.get("MessagingServiceSid")?.[0],
    StatusCallback: form.get("StatusCallback")?.[0],
  });
}

/** Twilio counts GSM segments of 153 characters once a body is longer than one 160-character SMS. */
function segmentsOf(body: string): number {
  return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
}

/** Validates a create request in the order Twilio does and, if it passes, builds the queued message. */
export function createMessage(form: Map<string, string[]>, context: CreateContext): CreateOutcome {
  const params = formObject(form);
  const refuse = (code: number, message: string): CreateOutcome => ({
    kind: "refused",
    refusal: twilioRefusal(400, code, message),
  });
  if (!params.To) return refuse(21604, "A 'To' phone number is required.");
  const from = params.From ?? (params.MessagingServiceSid ? context.numbers[0] : undefined);
  if (!from) return refuse(21603, "A 'From' phone number is required.");
  if (!params.Body && params.MediaUrl.length === 0 && !params.ContentSid) {
    return refuse(21602, "Message body is required.");
  }
  // Twilio's Body limit is the product's reply limit: one constant, so the two cannot drift apart.
  if (replyLengthOf(params.Body ?? "") > MAX_REPLY_LENGTH) {
    return refuse(21617, `The concatenated message body exceeds the ${MAX_REPLY_LENGTH} character limit.`);
  }
  if (!PHONE.test(params.To)) return refuse(21211, `Invalid 'To' Phone Number: ${params.To}`);
  if (params.To.startsWith("whatsapp:") !== from.startsWith("whatsapp:")) {
    return refuse(21910, "Invalid From and To pair. From and To should be of the same channel");
  }
  if (context.numbers.length > 0 && !context.numbers.includes(from)) {
    return refuse(63007, `Twilio could not find a Channel with the specified From address: ${from}`);
  }
  const failure = context.chosenFailure === undefined ? undefined : sendFailureOf(context.chosenFailure, params.To);
  if (failure?.kind === "refused") return failure;

  const body = params.Body ?? "";
  const message: SimMessage = {
    sid: newTwilioSid(params.MediaUrl.length > 0 ? "MM" : "SM"),
    accountSid: context.accountSid,
    direction: "outbound-api",
    from,
    to: params.To,
    body,
    mediaUrls: params.MediaUrl,
    messagingServiceSid: params.MessagingServiceSid ?? null,
    statusCallback: params.StatusCallback ?? null,
    status: "queued",
    errorCode: null,
    errorMessage: null,
    numSegments: segmentsOf(body),
    dateCreated: context.now,
    dateUpdated: context.now,
    dateSent: null,
  };
  return failure ? { kind: "accepted", message, laterFailure: failure } : { kind: "accepted", message };
}
