import { savedRepliesOf } from "#app/saved-replies/saved-replies.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/** The org's saved replies as the composer offers them (issue 15): as written, filled in the browser. */
export async function savedRepliesForComposer(
  web: Pick<WebContext, "db" | "readModelSchema" | "js" | "names" | "env">,
  orgId: string,
) {
  return (await savedRepliesOf(web, orgId)).map(({ id, name, shortcut, body }) => ({ id, name, shortcut, body }));
}
