/**
 * Twilio reports statuses out of order (callbacks race each other and retry). A message's
 * status only moves forward: queued < sending < sent < delivered < read; failed,
 * undelivered and canceled are final.
 */
const RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  receiving: 3,
  received: 3,
  delivered: 4,
  partially_delivered: 4,
  read: 5,
};

const FINAL = new Set(["failed", "undelivered", "canceled"]);

export function isFinalStatus(status: string): boolean {
  return FINAL.has(status);
}

/** Whether `incoming` replaces `current`. */
export function statusAdvances(current: string, incoming: string): boolean {
  if (isFinalStatus(current)) return false;
  if (isFinalStatus(incoming)) return true;
  return (RANK[incoming] ?? -1) > (RANK[current] ?? -1);
}
