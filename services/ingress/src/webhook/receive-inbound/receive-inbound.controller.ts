import { webhookPaths } from "@cloudpa/contracts";
import { Controller, Header, HttpCode, Inject, Post, Req } from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import type { FastifyRequest } from "fastify";
import { INGRESS_ENV, type IngressEnv } from "../../ingress-env.js";
import { EMPTY_TWIML } from "../twiml.js";
import { markDuplicate, webhookRequestOf } from "../webhook-http.js";
import { inWebhookSpan } from "../webhook-span.js";
import { ReceiveInboundCommand } from "./receive-inbound.command.js";

@Controller()
export class ReceiveInboundController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(INGRESS_ENV) private readonly env: IngressEnv,
  ) {}

  /** Answers only after JetStream has stored the event, so a 200 means the message is safe. */
  @Post(webhookPaths().inbound)
  @HttpCode(200)
  @Header("Content-Type", "text/xml; charset=utf-8")
  async receive(@Req() request: FastifyRequest): Promise<string> {
    return inWebhookSpan("inbound", request, async () => {
      const webhook = webhookRequestOf(request, this.env.PUBLIC_BASE_URL, new Date());
      const outcome = await this.commandBus.execute(new ReceiveInboundCommand(webhook));
      if (outcome.duplicate) markDuplicate(request);
      return EMPTY_TWIML;
    });
  }
}
