import type { LoggerService } from "@nestjs/common";
import type { Logger } from "./logger.js";

/** Sends Nest's own log lines through the JSON logger, so every line on stdout is JSON. */
export class NestLogBridge implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.debug(String(message), { nestContext: context });
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error(String(message), { nestContext: context, trace });
  }
  warn(message: unknown, context?: string) {
    this.logger.warn(String(message), { nestContext: context });
  }
  debug(message: unknown, context?: string) {
    this.logger.debug(String(message), { nestContext: context });
  }
  verbose(message: unknown, context?: string) {
    this.logger.debug(String(message), { nestContext: context });
  }
}
