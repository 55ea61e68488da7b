import type { InboundMessageReceived } from "@cloudpa/contracts";

/**
 * The fields of an inbound message of each kind (decision 023), as the ingress records them, for
 * specs and fixtures. `quotedSid` is a MessageSid of the same conversation that a quoted reply and
 * a reaction point at. Index `i` picks one, round robin.
 */
export function kindFields(i: number, quotedSid: string): Partial<InboundMessageReceived> {
  const all: Partial<InboundMessageReceived>[] = [
    {
      body: "",
      messageType: "location",
      location: { latitude: 51.5033635, longitude: -0.1276248, address: "10 Downing Street, London", label: "Office" },
    },
    {
      body: "",
      messageType: "contacts",
      media: [{ url: `https://api.twilio.com/vcard/${i}`, contentType: "text/vcard" }],
    },
    { body: "Yes, book it", messageType: "button", button: { text: "Yes, book it", payload: "confirm" } },
    {
      body: "Tuesday morning",
      messageType: "interactive",
      listReply: { id: "slot_tue_am", title: "Tuesday morning", description: "8:00 to 12:00" },
      repliedToMessageSid: quotedSid,
    },
    { body: "Yes, that one", messageType: "text", repliedToMessageSid: quotedSid },
    { body: "", messageType: "sticker", media: [{ url: `https://api.twilio.com/st/${i}`, contentType: "image/webp" }] },
    { body: "👍", messageType: "reaction", repliedToMessageSid: quotedSid },
    { body: "", messageType: "order", extraParams: { OrderId: "o-1", Repeated: ["a", "b"] } },
  ];
  return all[i % all.length] ?? {};
}

export const KIND_COUNT = 8;
