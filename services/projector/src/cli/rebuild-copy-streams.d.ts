// pg-copy-streams ships no types; the one function the rebuild uses.
declare module "pg-copy-streams" {
  import type { Writable } from "node:stream";
  import type { Submittable } from "pg";
  export function from(text: string): Submittable & Writable;
}
