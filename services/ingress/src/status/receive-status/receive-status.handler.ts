import type { Logger } from "@cloudpa/kit";
import { ChannelRegistry } from "@cloudpa/kit";
import { Inject } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import { IngressError } from "../../ingress-error.js";
import { LOGGER } from "../../ops/ingress-logger.js";
import { authenticateWebhook } from "../../signature/authenticate-webhook.js";
import { EventStream } from "../../stream/event-stream.js";
import type { WebhookOutcome } from "../../webhook/webhook-request.js";
import { messageStatusFrom } from "./message-status.js";
import { ReceiveStatusCommand } from "./receive-status.command.js";

@CommandHandler(ReceiveStatusCommand)
export class ReceiveStatusHandler implements ICommandHandler<ReceiveStatusCommand> {
  constructor(
    @Inject(ChannelRegistry) private readonly channels: ChannelRegistry,
    @Inject(EventStream) private readonly stream: EventStream,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ request }: ReceiveStatusCommand): Promise<WebhookOutcome> {
    // On a status callback our number is the sender.
    const channel = authenticateWebhook(this.channels, request, "From");
    const decision = messageStatusFrom(request.params, channel, request.receivedAt);
    if (!decision.ok) throw new IngressError("WEBHOOK.BAD_PARAM", decision.problem.reason);
    const { event } = decision;
    const ack = await this.stream.append(event);
    this.logger.info(ack.duplicate ? "message status already recorded" : "message status recorded", {
      orgId: event.orgId,
      channelId: event.channelId,
      conversationId: event.conversationId,
      messageSid: event.messageSid,
      status: event.status,
      errorCode: event.errorCode,
      streamSequence: ack.seq,
      duplicate: ack.duplicate,
    });
    return { duplicate: ack.duplicate, streamSequence: ack.seq };
  }
}
