import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * ~49,000 passwords that are common or were seen in breaches, as zxcvbn-ts ships them
 * (@zxcvbn-ts/language-common 4.1.3, MIT; its "passwords-common" list, ranked by frequency in
 * leaked password sets). Bundled with the package, so the check works offline. Lowercased.
 */
let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((entry) => entry.toLowerCase()));
  return common.has(password.toLowerCase());
}
