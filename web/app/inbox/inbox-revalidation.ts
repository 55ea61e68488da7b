import type { ShouldRevalidateFunction, ShouldRevalidateFunctionArgs } from "@remix-run/react";

/** The intent of the conversation page's own submission when it is opened with unread messages. */
export const READ_INTENT = "read";

type Args = Pick<ShouldRevalidateFunctionArgs, "currentUrl" | "nextUrl" | "formMethod" | "formData">;

/**
 * Marking a conversation read changes nothing a loader reads until the projector has folded the
 * ConversationRead it appends, and then the live updates revalidate every open view. Reloading
 * them straight after the submission only read the same rows again (issue 16: every opening of
 * an unread conversation reran all its loaders).
 */
export function isReadSubmission({ formMethod, formData }: Args): boolean {
  return formMethod?.toUpperCase() === "POST" && formData?.get("intent") === READ_INTENT;
}

/** A route's `shouldRevalidate` when a read cannot change its data: Remix's default, except after a read. */
export const reloadExceptAfterARead: ShouldRevalidateFunction = (args) =>
  isReadSubmission(args) ? false : args.defaultShouldRevalidate;

/**
 * A navigation to another conversation (or back to the list, or to a new one) under the same
 * search and filters: the list on screen is still the list asked for. The live updates keep it
 * exact (they revalidate when the stream is ahead of the lowest position on screen, the list's
 * among them), and every other submission revalidates as usual.
 */
export function isAnotherConversationOfTheSameList({ currentUrl, nextUrl, formMethod }: Args): boolean {
  return formMethod === undefined && currentUrl.pathname !== nextUrl.pathname && currentUrl.search === nextUrl.search;
}
