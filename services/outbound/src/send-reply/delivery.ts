/** One delivery of a command from the COMMANDS stream. */
export interface Delivery {
  /** Stream sequence of the command in COMMANDS. */
  seq: number;
  /** How many times it has been delivered, this time included. */
  deliveries: number;
}

/** What the consumer does with the command's message once it is handled. */
export type Disposition = { kind: "ack" } | { kind: "retry"; delayMs: number };
