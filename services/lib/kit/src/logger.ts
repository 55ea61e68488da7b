export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogContext = Record<string, string | number | boolean | undefined | null>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
  child(context: LogContext): Logger;
}

/**
 * One JSON object per line on stdout. Context names what an operator needs (org, channel,
 * MessageSid, stream sequence); callers never pass a token or a message body.
 */
export function createLogger(service: string, level: LogLevel = "info", bound: LogContext = {}): Logger {
  const write =
    (at: Exclude<LogLevel, "silent">) =>
    (message: string, context: LogContext = {}) => {
      if (RANK[at] < RANK[level]) return;
      const line = JSON.stringify({
        time: new Date().toISOString(),
        level: at,
        service,
        message,
        ...bound,
        ...context,
      });
      process.stdout.write(`${line}\n`);
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (context) => createLogger(service, level, { ...bound, ...context }),
  };
}

export function errorContext(error: unknown): LogContext {
  if (error instanceof Error) {
    return { error: error.message, errorName: error.name, errorCode: (error as { code?: string }).code };
  }
  return { error: String(error) };
}
