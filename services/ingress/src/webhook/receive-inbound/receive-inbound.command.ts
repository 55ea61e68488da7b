import { Command } from "@nestjs/cqrs";
import type { WebhookOutcome, WebhookRequest } from "../webhook-request.js";

/** Record the message a customer sent, as Twilio's incoming-message webhook reports it. */
export class ReceiveInboundCommand extends Command<WebhookOutcome> {
  constructor(readonly request: WebhookRequest) {
    super();
  }
}
