import { uuid } from "@cloudpa/contracts";
import { data } from "@remix-run/node";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { labelConversation } from "./labels.server.ts";

/** The conversation view's label intents (issue 15): put a label on, take it off. */
const LABEL_INTENTS = ["label", "unlabel"] as const;
type LabelIntent = (typeof LABEL_INTENTS)[number];

export function isLabelIntent(intent: unknown): intent is LabelIntent {
  return (LABEL_INTENTS as readonly unknown[]).includes(intent);
}

/**
 * The conversation form's `label` / `unlabel` with its `labelId`: the event is appended and the
 * view follows once projected. Another org's conversation is a 404; a label that is not the
 * org's is refused.
 */
export async function labelFormAction(
  web: WebContext,
  account: Account,
  conversationId: string,
  intent: LabelIntent,
  form: FormData,
) {
  const labelId = uuid.safeParse(form.get("labelId"));
  if (!labelId.success) return data({ ok: false as const, error: "Choose a label" }, { status: 400 });
  const outcome = await labelConversation(web, account, conversationId, labelId.data, intent === "label");
  if (outcome.kind === "not_found" && outcome.what === "conversation") throw new Response("Not found", { status: 404 });
  if (outcome.kind !== "accepted") return data({ ok: false as const, error: "No such label" }, { status: 404 });
  return data({ ok: true as const }, { status: 202 });
}
