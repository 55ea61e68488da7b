import { randomBytes } from "node:crypto";

/** A short name no other test run uses: `t` + 10 hex digits (valid as namespace and database name). */
export function uniqueName(prefix = "t"): string {
  return `${prefix}${randomBytes(5).toString("hex")}`;
}
