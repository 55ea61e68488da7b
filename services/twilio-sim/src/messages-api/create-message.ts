import { MAX_REPLY_LENGTH, replyLengthOf } from "@cloudpa/contracts";
import { z } from "zod";
import type { ContentTemplate } from "../content-api/content-template.js";
import { contentVariablesOf, contentVariablesProblem, renderContent } from "../content-api/render-content.js";
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
  ContentVariables: z.string().optional(),
  MessagingServiceSid: z.string().optional(),
  StatusCallback: z.string().optional(),
});

const PHONE = /^(whatsapp:)?\+[1-9]\d{6,14}$/;
/** Patterns from Twilio's description of CreateMessageRequest. */
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
/** Twilio takes up to ten MediaUrl params on one message. */
export const MAX_MEDIA_URLS = 10;

/** An absolute http(s) URL with a host, as Twilio needs for what it fetches or calls back. */
function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && !url.hostname.includes("_")
    );
  } catch {
    return false;
  }
}

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
  /** The account's Content template with this SID, if it has one. */
  content(sid: string): ContentTemplate | undefined;
  /**
   * Whether WhatsApp would deliver free text from `from` to `to` now (the customer wrote in the last
   * 24 hours, or the window is not simulated); a template always goes.
   */
  windowOpen(from: string, to: string): boolean;
  /** Whether a template may be sent as one: approved for WhatsApp. */
  approved(template: ContentTemplate): boolean;
}

function formObject(form: Map<string, string[]>) {
  return createMessageFormSchema.parse({
    To: form.get("To")?.[0],
    From: form.get("From")?.[0],
    Body: form.get("Body")?.[0],
    MediaUrl: form.get("MediaUrl") ?? [],
    ContentSid: form.get("ContentSid")?.[0],
    ContentVariables: form.get("ContentVariables")?.[0],
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
  if (params.MessagingServiceSid !== undefined && !MESSAGING_SERVICE_SID.test(params.MessagingServiceSid)) {
    return refuse(21702, `The MessagingServiceSid ${params.MessagingServiceSid} is not a valid Messaging Service SID.`);
  }
  const from = params.From ?? (params.MessagingServiceSid ? context.numbers[0] : undefined);
  if (!from) return refuse(21603, "A 'From' phone number is required.");
  if (params.ContentVariables !== undefined && params.ContentSid === undefined) {
    return refuse(21654, "ContentSid Required: ContentVariables was given without a ContentSid.");
  }
  if (!params.Body && params.MediaUrl.length === 0 && !params.ContentSid) {
    return refuse(21602, "Message body is required.");
  }
  // Twilio's Body limit is the product's reply limit: one constant, so the two cannot drift apart.
  if (replyLengthOf(params.Body ?? "") > MAX_REPLY_LENGTH) {
    return refuse(21617, `The concatenated message body exceeds the ${MAX_REPLY_LENGTH} character limit.`);
  }
  if (params.MediaUrl.length > MAX_MEDIA_URLS) {
    return refuse(21623, `Number of media files exceeds allowed limit: at most ${MAX_MEDIA_URLS} MediaUrl.`);
  }
  const badMedia = params.MediaUrl.find((url) => !isWebUrl(url));
  if (badMedia !== undefined) return refuse(21620, `Invalid media URL(s): ${badMedia}`);
  if (
    params.StatusCallback !== undefined &&
    (!isWebUrl(params.StatusCallback) || params.StatusCallback.length > 4000)
  ) {
    return refuse(21609, `Invalid 'StatusCallback': ${params.StatusCallback}`);
  }
  let template: ContentTemplate | undefined;
  if (params.ContentSid !== undefined) {
    template = CONTENT_SID.test(params.ContentSid) ? context.content(params.ContentSid) : undefined;
    if (!template) return refuse(21655, `The ContentSid is Invalid: ${params.ContentSid}`);
    const problem = contentVariablesProblem(params.ContentVariables);
    if (problem) return refuse(21656, `The ContentVariables Parameter is invalid: ${problem}`);
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

  // A template sends what it renders to (its text, and its media); Body and MediaUrl are then ignored.
  const rendered = template ? renderContent(template, contentVariablesOf(params.ContentVariables)) : undefined;
  const body = rendered ? rendered.body : (params.Body ?? "");
  const mediaUrls = rendered ? rendered.mediaUrls : params.MediaUrl;
  // Outside the 24-hour window WhatsApp delivers only approved templates; anything else fails after acceptance.
  const sendsAsTemplate = template !== undefined && context.approved(template);
  const outsideWindow =
    params.To.startsWith("whatsapp:") && !sendsAsTemplate && !context.windowOpen(from, params.To)
      ? sendFailureOf(63016, params.To)
      : undefined;
  const laterFailure = failure ?? (outsideWindow?.kind === "later" ? outsideWindow : undefined);
  const message: SimMessage = {
    sid: newTwilioSid(mediaUrls.length > 0 ? "MM" : "SM"),
    accountSid: context.accountSid,
    direction: "outbound-api",
    from,
    to: params.To,
    body,
    mediaUrls,
    media: [],
    extraParams: {},
    contentSid: template?.sid ?? null,
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
  return laterFailure ? { kind: "accepted", message, laterFailure } : { kind: "accepted", message };
}
