/**
 * A contact erased on one device leaves drafts to them on the others (decision 046). Each device
 * asks which of the conversations it keeps drafts to are still there, when the inbox opens and
 * when the app comes back into view, and forgets the drafts to the rest (routes/inbox.drafts.ts).
 */

/** Where a device asks (`?id=…` once per conversation): answers `{ kept: string[] }`. */
export const DRAFTS_KEPT_PATH = "/inbox/drafts";
/** The most conversations one ask names; a device with more asks again for the next ones. */
export const DRAFTS_ASKED_AT_ONCE = 100;

/** The conversations of `asked` that the answer keeps, or undefined when there is no answer to trust. */
export async function keptOf(asked: readonly string[], fetchKept: typeof fetch): Promise<Set<string> | undefined> {
  const kept = new Set<string>();
  for (let at = 0; at < asked.length; at += DRAFTS_ASKED_AT_ONCE) {
    const query = new URLSearchParams(asked.slice(at, at + DRAFTS_ASKED_AT_ONCE).map((id) => ["id", id]));
    // Offline, signed out (the log-in page), a server's error: no answer, and nothing forgotten.
    const answer = await fetchKept(`${DRAFTS_KEPT_PATH}?${query}`, { headers: { accept: "application/json" } }).catch(
      () => undefined,
    );
    if (!answer?.ok || !answer.headers.get("content-type")?.startsWith("application/json")) return undefined;
    const body = (await answer.json().catch(() => undefined)) as { kept?: unknown } | undefined;
    if (!Array.isArray(body?.kept)) return undefined;
    for (const id of body.kept) if (typeof id === "string") kept.add(id);
  }
  return kept;
}
