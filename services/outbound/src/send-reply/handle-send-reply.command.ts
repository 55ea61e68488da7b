import type { SendReply } from "@cloudpa/contracts";
import { Command } from "@nestjs/cqrs";

/** What the consumer does with the command's message once it is handled. */
export type Disposition = { kind: "ack" } | { kind: "retry"; delayMs: number };

export interface Delivery {
  /** Stream sequence of the command in COMMANDS. */
  seq: number;
  /** How many times it has been delivered, this time included. */
  deliveries: number;
}

/** Handle one delivery of a verified SendReply from the COMMANDS stream. */
export class HandleSendReply extends Command<Disposition> {
  constructor(
    readonly command: SendReply,
    readonly delivery: Delivery,
  ) {
    super();
  }
}
