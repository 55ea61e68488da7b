import type { Logger } from "@cloudpa/kit";
import { ChannelRegistry, LOGGER } from "@cloudpa/kit";
import { Inject } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import { IngressError } from "../../ingress-error.js";
import { authenticateWebhook } from "../../signature/authenticate-webhook.js";
import { EventStream } from "../../stream/event-stream.js";
import type { WebhookOutcome } from "../webhook-request.js";
import { inboundMessageFrom } from "./inbound-message.js";
import { ReceiveInboundCommand } from "./receive-inbound.command.js";

@CommandHandler(ReceiveInboundCommand)
export class ReceiveInboundHandler implements ICommandHandler<ReceiveInboundCommand> {
  constructor(
    @Inject(ChannelRegistry) private readonly channels: ChannelRegistry,
    @Inject(EventStream) private readonly stream: EventStream,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ request }: ReceiveInboundCommand): Promise<WebhookOutcome> {
    const channel = authenticateWebhook(this.channels, request, "To");
    const decision = inboundMessageFrom(request.params, channel, request.receivedAt);
    if (!decision.ok) throw new IngressError("WEBHOOK.BAD_PARAM", decision.problem.reason);
    const { event } = decision;
    const ack = await this.stream.append(event);
    this.logger.info(ack.duplicate ? "inbound message already recorded" : "inbound message recorded", {
      orgId: event.orgId,
      channelId: event.channelId,
      conversationId: event.conversationId,
      messageSid: event.messageSid,
      streamSequence: ack.seq,
      duplicate: ack.duplicate,
    });
    return { duplicate: ack.duplicate, streamSequence: ack.seq };
  }
}
