import type { Logger } from "@cloudpa/kit";
import { ChannelRegistry, LOGGER } from "@cloudpa/kit";
import { Inject } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import { IngressError } from "../../ingress-error.js";
import { IngressMetrics } from "../../ops/ingress-metrics.js";
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
    @Inject(IngressMetrics) private readonly metrics: IngressMetrics,
  ) {}

  async execute({ request }: ReceiveStatusCommand): Promise<WebhookOutcome> {
    // On a status callback our number is the sender.
    const channel = authenticateWebhook(this.channels, request, "From");
    const decision = messageStatusFrom(request.params, channel, request.receivedAt);
    if (!decision.ok) throw new IngressError("WEBHOOK.BAD_PARAM", decision.problem.reason);
    const { event } = decision;
    const ack = await this.stream.append(event);
    // Most WhatsApp failures (63016 outside the 24-hour window, …) arrive here, after Twilio took the send.
    if (!ack.duplicate && (event.status === "failed" || event.status === "undelivered"))
      this.metrics.deliveryFailures.inc({ status: event.status, error_code: event.errorCode ?? "none" });
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
