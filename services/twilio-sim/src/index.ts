export { REJECTED_NAME_PREFIX } from "./content-api/content-store.js";
export type { ApprovalStatus } from "./content-api/content-template.js";
export { DEMO_TEMPLATES } from "./content-api/demo-templates.js";
export { SIM_DEMO_ACCOUNT_SID, SIM_DEMO_AUTH_TOKEN } from "./demo-account.js";
export { type InboundRequest, inboundRequestSchema } from "./inbound/inbound-request.js";
export type { InboundResult } from "./inbound/receive-inbound.js";
export { WHATSAPP_WINDOW_MS } from "./messages-api/messages-routes.js";
export type { SentMessage } from "./sim-api/sent-message.js";
export type { StatusMode } from "./sim-state.js";
export type { StatusCallbackReport } from "./status-callbacks/play-status-callbacks.js";
export {
  SIM_SANDBOX_NUMBER,
  type SimTemplate,
  startTwilioSim,
  type TwilioSim,
  type TwilioSimBehaviourChange,
  type TwilioSimOptions,
} from "./twilio-sim.js";
export type { WebhookDelivery } from "./webhook-delivery/deliver-webhook.js";
