import { isUuid } from "@cloudpa/contracts";
import { conversationsKept } from "@cloudpa/read-model";
import { z } from "zod";
import type { WebContext } from "#app/web-context.server.ts";
import { DRAFTS_ASKED_AT_ONCE } from "./drafts-kept.ts";

/** The conversations a device asks about: `?id=` once per conversation, each a UUID. */
const askedSchema = z
  .array(z.string().refine(isUuid, "Each id is a conversation's UUID"))
  .min(1, "Name a conversation with ?id=")
  .max(DRAFTS_ASKED_AT_ONCE, `At most ${DRAFTS_ASKED_AT_ONCE} conversations at once`);

/** Which of the asked conversations the org still has (drafts-kept.ts), or why the ask is refused. */
export async function draftsKept(
  web: WebContext,
  orgId: string,
  query: URLSearchParams,
): Promise<{ kept: string[] } | { refused: string }> {
  const asked = askedSchema.safeParse(query.getAll("id"));
  if (!asked.success) return { refused: asked.error.issues[0]?.message ?? "Not a list of conversations" };
  return { kept: await conversationsKept(web.db, { orgId, ids: asked.data, schema: web.readModelSchema }) };
}
