// Webhook params shaped as Twilio documents them for WhatsApp (Messaging webhooks, WhatsApp
// "incoming message" parameters), used by tests across the workspace.
const ACCOUNT = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

export const textWithEmoji = {
  SmsMessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  NumMedia: "0",
  ProfileName: "Zoë 🌻",
  MessageType: "text",
  SmsSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  WaId: "447700900123",
  SmsStatus: "received",
  Body: "Hi! Can you fix my sink tomorrow? 🚰👍",
  To: "whatsapp:+14155238886",
  NumSegments: "1",
  ReferralNumMedia: "0",
  MessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  AccountSid: ACCOUNT,
  ChannelMetadata: '{"type":"whatsapp","data":{"context":{"ProfileName":"Zoë 🌻","WaId":"447700900123"}}}',
  From: "whatsapp:+447700900123",
  ApiVersion: "2010-04-01",
};

export const imageWithoutBody = {
  ...textWithEmoji,
  MessageSid: "MM2b3c4d5e6f708192a3b4c5d6e7f80912",
  SmsMessageSid: "MM2b3c4d5e6f708192a3b4c5d6e7f80912",
  SmsSid: "MM2b3c4d5e6f708192a3b4c5d6e7f80912",
  MessageType: "image",
  Body: "",
  NumMedia: "1",
  MediaContentType0: "image/jpeg",
  MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM2b3c4d5e6f708192a3b4c5d6e7f80912/Media/ME0123456789abcdef0123456789abcdef`,
};

export const location = {
  ...textWithEmoji,
  MessageSid: "SM3c4d5e6f708192a3b4c5d6e7f8091234",
  SmsMessageSid: "SM3c4d5e6f708192a3b4c5d6e7f8091234",
  SmsSid: "SM3c4d5e6f708192a3b4c5d6e7f8091234",
  MessageType: "location",
  Body: "",
  Latitude: "51.5033635",
  Longitude: "-0.1276248",
  Address: "10 Downing Street, London",
  Label: "Office",
};

export const buttonReply = {
  ...textWithEmoji,
  MessageSid: "SM4d5e6f708192a3b4c5d6e7f809123456",
  SmsMessageSid: "SM4d5e6f708192a3b4c5d6e7f809123456",
  SmsSid: "SM4d5e6f708192a3b4c5d6e7f809123456",
  MessageType: "button",
  Body: "Yes, book it",
  ButtonText: "Yes, book it",
  ButtonPayload: "confirm_booking",
  OriginalRepliedMessageSid: "SM5e6f708192a3b4c5d6e7f80912345678",
  OriginalRepliedMessageSender: "whatsapp:+14155238886",
};

/** A user known by a business-scoped id instead of a phone number. */
export const businessScopedUser = {
  ...textWithEmoji,
  MessageSid: "SM6f708192a3b4c5d6e7f8091234567890",
  From: "whatsapp:US.13491208655302741918",
  WaId: undefined,
};

export const deliveredStatus = {
  SmsSid: "SM7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
  SmsStatus: "delivered",
  MessageStatus: "delivered",
  ChannelToAddress: "+447700900123",
  To: "whatsapp:+447700900123",
  ChannelPrefix: "whatsapp",
  MessageSid: "SM7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
  AccountSid: ACCOUNT,
  From: "whatsapp:+14155238886",
  ApiVersion: "2010-04-01",
  ChannelInstallSid: "XEcc20d939f803ee381f2442185d0d5dc5",
};

export const failedStatus = {
  ...deliveredStatus,
  SmsStatus: "failed",
  MessageStatus: "failed",
  ErrorCode: "63016",
  ErrorMessage: "Failed to send freeform message because you are outside the allowed window.",
};

/** Message kinds (decision 023): one sample of each, as Twilio sends them for WhatsApp. */
function sample(sid: string, params: Record<string, string>) {
  return { ...textWithEmoji, MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, ...params };
}

export const listReply = sample("SM708192a3b4c5d6e7f8091234567890ab", {
  MessageType: "interactive",
  Body: "Tuesday morning",
  ListId: "slot_tue_am",
  ListTitle: "Tuesday morning",
  ListDescription: "8:00 to 12:00",
  OriginalRepliedMessageSid: "SM5e6f708192a3b4c5d6e7f80912345678",
});

export const sharedContact = sample("MM8192a3b4c5d6e7f8091234567890abcd", {
  MessageType: "contacts",
  Body: "",
  NumMedia: "1",
  MediaContentType0: "text/vcard",
  MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM8192a3b4c5d6e7f8091234567890abcd/Media/ME1123456789abcdef0123456789abcdef`,
});

export const sticker = sample("MM92a3b4c5d6e7f8091234567890abcdef", {
  MessageType: "sticker",
  Body: "",
  NumMedia: "1",
  MediaContentType0: "image/webp",
  MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM92a3b4c5d6e7f8091234567890abcdef/Media/ME2123456789abcdef0123456789abcdef`,
});

export const quotedReply = sample("SMa3b4c5d6e7f8091234567890abcdef01", {
  MessageType: "text",
  Body: "Yes, that one",
  OriginalRepliedMessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  OriginalRepliedMessageSender: "whatsapp:+447700900123",
});

export const reaction = sample("SMb4c5d6e7f8091234567890abcdef0123", {
  MessageType: "reaction",
  Body: "👍",
  OriginalRepliedMessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  OriginalRepliedMessageSender: "whatsapp:+447700900123",
});

export const unsupportedOrder = sample("SMc5d6e7f8091234567890abcdef012345", {
  MessageType: "order",
  Body: "",
});
