import { contactIdFor, uuidv5 } from "@cloudpa/contracts";

/**
 * The ids derived last (each a SHA-1, uuidv5): an event's message and contact ids are derived by
 * its batch's row keys, by its projection and, in a rebuild, by the read-back check, so about a
 * tenth of the projector's own CPU per event went to deriving the same ids again (2026-12-03
 * profile). Bounded: emptied when full.
 */
const derived = new Map<string, string>();
const LIMIT = 16_384;

function recent(name: string, derive: () => string): string {
  let id = derived.get(name);
  if (id === undefined) {
    id = derive();
    if (derived.size >= LIMIT) derived.clear();
    derived.set(name, id);
  }
  return id;
}

/** `uuidv5(name)`, remembered. */
export function recentUuidv5(name: string): string {
  return recent(name, () => uuidv5(name));
}

/** `contactIdFor(orgId, handle)`, remembered. */
export function recentContactIdFor(orgId: string, handle: string): string {
  return recent(`contact\n${orgId}\n${handle}`, () => contactIdFor(orgId, handle));
}
