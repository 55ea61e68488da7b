import { inboundKindOf, inboundMessageReceivedSchema, twilioSignature, webhookPaths } from "@cloudpa/contracts";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import {
  ENV_TOKEN,
  inboundParams,
  ingressTestbed,
  postWebhook,
  sid,
  storedEvents,
} from "../../test/ingress-harness.js";

/** Each kind's params as Twilio sends them for WhatsApp (decision 023), and the kind it must be recorded as. */
const quoted = sid();
const KINDS: [string, Record<string, string>, ReturnType<typeof inboundKindOf>["kind"]][] = [
  [
    "location",
    {
      MessageType: "location",
      Body: "",
      Latitude: "51.5033635",
      Longitude: "-0.1276248",
      Address: "10 Downing St",
      Label: "Office",
    },
    "location",
  ],
  [
    "shared contact",
    {
      MessageType: "contacts",
      Body: "",
      NumMedia: "1",
      MediaContentType0: "text/vcard",
      MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
    },
    "contacts",
  ],
  ["button reply", { MessageType: "button", Body: "Yes", ButtonText: "Yes", ButtonPayload: "yes" }, "interactive"],
  [
    "list reply",
    { MessageType: "interactive", Body: "Tuesday", ListId: "tue", ListTitle: "Tuesday", ListDescription: "9-12" },
    "interactive",
  ],
  [
    "quoted reply",
    { Body: "That one", OriginalRepliedMessageSid: quoted, OriginalRepliedMessageSender: "whatsapp:+14155238886" },
    "text",
  ],
  [
    "sticker",
    {
      MessageType: "sticker",
      Body: "",
      NumMedia: "1",
      MediaContentType0: "image/webp",
      MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM2/Media/ME2",
    },
    "media",
  ],
  ["reaction", { MessageType: "reaction", Body: "👍", OriginalRepliedMessageSid: quoted }, "reaction"],
  ["unknown type", { MessageType: "order", Body: "", OrderId: "o-1" }, "unsupported"],
];

/** A form's params by name, every value of a repeated one in order (what Twilio signs). */
function groupedOf(pairs: [string, string][]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of pairs) grouped[name] = [...(grouped[name] ?? []), value];
  return grouped;
}

describe("incoming-message webhook: every message kind", () => {
  const bed = ingressTestbed();

  async function eventOf(messageSid: string) {
    const stored = (await storedEvents(bed.nats, bed.ingress.keys)).find(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === messageSid,
    );
    if (!stored) throw new Error(`no event for ${messageSid}`);
    return inboundMessageReceivedSchema.parse(stored.event);
  }

  it.each(KINDS)("records a %s, signed, with every param it sent", async (_name, kindParams, kind) => {
    const params = inboundParams(kindParams);
    const response = await postWebhook(bed.ingress, params);
    expect(response.status).toBe(200);
    const event = await eventOf(params.MessageSid ?? "");
    expect(inboundKindOf(event).kind).toBe(kind);
    // Nothing sent is lost: each param is modelled by the event or kept in extraParams.
    for (const [name, value] of Object.entries(params)) {
      if (value === "" || /^Media(Url|ContentType)\d+$/.test(name)) continue;
      const kept = JSON.stringify(event).includes(JSON.stringify(value).slice(1, -1));
      expect(kept, `${name} is kept`).toBe(true);
    }
  });

  it("keeps a param Twilio sends more than once, and checks the signature as Twilio computes it over every value", async () => {
    const { ingress } = bed;
    const messageSid = sid();
    const single = inboundParams({ MessageSid: messageSid, Body: "first" });
    const pairs: [string, string][] = [
      ...Object.entries(single),
      ["Body", "second"],
      ["Custom", "b"],
      ["Custom", "a"],
      ["Custom", "b"],
    ];
    const form = new URLSearchParams(pairs);
    const grouped = groupedOf(pairs);
    const url = `${ingress.env.PUBLIC_BASE_URL.replace(/\/+$/, "")}${webhookPaths().inbound}`;
    const signature = twilioSignature(ENV_TOKEN, url, grouped);
    // The signer of the simulator and the tests agrees with the twilio package's own.
    expect(twilio.validateRequest(ENV_TOKEN, signature, url, grouped)).toBe(true);

    const response = await postWebhook(ingress, {}, { rawBody: form.toString(), signature });
    expect(response.status).toBe(200);
    const event = await eventOf(messageSid);
    expect(event.body).toBe("first");
    expect(event.extraParams).toMatchObject({ Body: ["first", "second"], Custom: ["b", "a", "b"] });

    // Signed over only the first values, the same body is refused.
    const wrong = twilioSignature(ENV_TOKEN, url, single);
    expect((await postWebhook(ingress, {}, { rawBody: form.toString(), signature: wrong })).status).toBe(403);
  });

  it("refuses a repeated param that names the message (From), signed or not", async () => {
    const pairs: [string, string][] = [...Object.entries(inboundParams()), ["From", "whatsapp:+15550000009"]];
    const grouped = groupedOf(pairs);
    const url = `${bed.ingress.env.PUBLIC_BASE_URL.replace(/\/+$/, "")}${webhookPaths().inbound}`;
    const response = await postWebhook(
      bed.ingress,
      {},
      { rawBody: new URLSearchParams(pairs).toString(), signature: twilioSignature(ENV_TOKEN, url, grouped) },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("param From was sent more than once");
  });
});
