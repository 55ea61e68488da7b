import { Command } from "@nestjs/cqrs";
import type { WebhookOutcome, WebhookRequest } from "../../webhook/webhook-request.js";

/** Record a message's new delivery status, as Twilio's status callback reports it. */
export class ReceiveStatusCommand extends Command<WebhookOutcome> {
  constructor(readonly request: WebhookRequest) {
    super();
  }
}
