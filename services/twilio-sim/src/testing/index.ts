// For specs only (`@cloudpa/twilio-sim/testing`); the simulator's API is `@cloudpa/twilio-sim`.

export { type SimControl, simControl } from "./sim-control.js";
export { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";
