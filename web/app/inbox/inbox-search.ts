import { z } from "zod";

/** The longest search the inbox runs; longer text is cut, as the search box does. */
export const MAX_SEARCH_LENGTH = 100;

/**
 * Search text from a client (the inbox's `q`, the API's `q`): no control characters (Postgres
 * refuses a NUL in text), trimmed and cut to MAX_SEARCH_LENGTH.
 */
export const inboxSearchSchema = z
  .string()
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), "Search text cannot contain control characters")
  .transform((text) => text.trim().slice(0, MAX_SEARCH_LENGTH));
