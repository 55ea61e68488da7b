import type { ShouldRevalidateFunction, ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { listQueryOf, paramsBesideTheList } from "./list-params.ts";

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

/** A link followed or a GET form sent (the history's search): an address, not a change of data. */
const isNavigation = ({ formMethod }: Args) => formMethod === undefined || formMethod.toUpperCase() === "GET";
const addressOf = (url: URL) => `${url.pathname}${url.search}`;

/**
 * A navigation to another conversation (or back to the list, or to a new one, or within the open
 * conversation's history) under the same search and filters: the list on screen is still the list
 * asked for. The live updates keep it exact (they revalidate when the stream is ahead of the lowest
 * position on screen, the list's among them), and every other submission revalidates as usual.
 */
export function isTheSameListElsewhere(args: Args): boolean {
  const { currentUrl, nextUrl } = args;
  return (
    isNavigation(args) &&
    addressOf(currentUrl) !== addressOf(nextUrl) &&
    listQueryOf(currentUrl.searchParams) === listQueryOf(nextUrl.searchParams)
  );
}

/**
 * A new search or filter chosen beside the open conversation: its view (the conversation, and the
 * window of its history) is the one on screen.
 */
export function isOnlyAnotherList(args: Args): boolean {
  const { currentUrl, nextUrl } = args;
  const beside = (url: URL) => new URLSearchParams(paramsBesideTheList(url.searchParams)).toString();
  return (
    isNavigation(args) &&
    currentUrl.pathname === nextUrl.pathname &&
    listQueryOf(currentUrl.searchParams) !== listQueryOf(nextUrl.searchParams) &&
    beside(currentUrl) === beside(nextUrl)
  );
}
