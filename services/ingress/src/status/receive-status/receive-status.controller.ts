import { webhookPaths } from "@cloudpa/contracts";
import { Controller, Header, HttpCode, Inject, Post, Req } from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import type { FastifyRequest } from "fastify";
import { INGRESS_ENV, type IngressEnv } from "../../ingress-env.js";
import { EMPTY_TWIML } from "../../webhook/twiml.js";
import { markDuplicate, webhookRequestOf } from "../../webhook/webhook-http.js";
import { inWebhookSpan } from "../../webhook/webhook-span.js";
import { ReceiveStatusCommand } from "./receive-status.command.js";

@Controller()
export class ReceiveStatusController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(INGRESS_ENV) private readonly env: IngressEnv,
  ) {}

  @Post(webhookPaths().status)
  @HttpCode(200)
  @Header("Content-Type", "text/xml; charset=utf-8")
  async receive(@Req() request: FastifyRequest): Promise<string> {
    return inWebhookSpan("status", request, async () => {
      const webhook = webhookRequestOf(request, this.env.PUBLIC_BASE_URL, new Date());
      const outcome = await this.commandBus.execute(new ReceiveStatusCommand(webhook));
      if (outcome.duplicate) markDuplicate(request);
      return EMPTY_TWIML;
    });
  }
}
