import { createRequire } from "node:module";

/**
 * ~49,000 passwords that are common or were seen in breaches, as zxcvbn-ts ships them
 * (@zxcvbn-ts/language-common 4.1.3, MIT; its "passwords-common" list, ranked by frequency in
 * leaked password sets). Bundled with the package, so the check works offline. Lowercased.
 *
 * The package is loaded by the first check (a sign-up or a password change), not at start-up:
 * its dictionaries are ~3 MB of heap every other request would carry (issue 16). `require` of its
 * CommonJS build keeps the check synchronous, as the password schema's refine needs it.
 */
let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= loadCommonPasswords();
  return common.has(password.toLowerCase());
}

function loadCommonPasswords(): Set<string> {
  const { dictionary } = createRequire(import.meta.url)("@zxcvbn-ts/language-common") as {
    dictionary: Record<string, string[]>;
  };
  const list = dictionary["passwords-common"];
  if (!list) throw new Error("@zxcvbn-ts/language-common has no passwords-common list");
  return new Set(list.map((entry) => entry.toLowerCase()));
}
