/**
 * A saved reply's `{{field}}`s filled from the contact (issue 15): pure, so the composer, a test
 * and anything else fill the same way. Field names are matched ignoring case, spaces around them
 * and `_`/`-` (`{{ First name }}`, `{{first_name}}` and `{{firstName}}` are one field). A field
 * the contact has no value for, or one that is not a contact's, stays as written: a blank the
 * user fills before sending.
 */

/** What the conversation knows of its contact. */
export interface ContactFields {
  /** The name the freelancer gave, if any. */
  name?: string | null | undefined;
  /** The customer's WhatsApp profile name, if any. */
  profileName?: string | null | undefined;
  email?: string | null | undefined;
  company?: string | null | undefined;
  /** `whatsapp:+447700900123` or a bare number. */
  handle?: string | null | undefined;
}

/** The fields a saved reply may use, each with what it is filled with (Settings lists them). */
export const CONTACT_FIELDS = {
  name: "the contact's name (the one you gave, else their WhatsApp name)",
  first_name: "the first word of that name",
  last_name: "the rest of that name",
  email: "their email",
  company: "their company",
  phone: "their number",
} as const;
export type ContactField = keyof typeof CONTACT_FIELDS;

/** `{{ field }}`: a name of letters, digits, spaces, `_` or `-` between double braces. */
const FIELD = /\{\{\s*([\p{L}\p{N}_\- ]{1,40}?)\s*\}\}/gu;

const keyOf = (raw: string) => raw.toLowerCase().replace(/[\s_-]+/g, "");
const KEYS = new Map<string, ContactField>(
  (Object.keys(CONTACT_FIELDS) as ContactField[]).map((field) => [keyOf(field), field]),
);

const present = (value: string | null | undefined) => {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? undefined : trimmed;
};

/** The contact's value of each field it has. */
export function contactValues(contact: ContactFields): Partial<Record<ContactField, string>> {
  const name = present(contact.name) ?? present(contact.profileName);
  const [first, ...rest] = name?.split(/\s+/) ?? [];
  return {
    name,
    first_name: present(first),
    last_name: present(rest.join(" ")),
    email: present(contact.email),
    company: present(contact.company),
    phone: present(contact.handle?.replace(/^whatsapp:/, "")),
  };
}

/** A part of filled text: plain text, or a field left blank (its `{{…}}` as written). */
export type FilledPart = { text: string; blank?: false } | { text: string; blank: true; field: string };

export interface Filled {
  /** The text to put in the composer: every known field filled, the others as written. */
  text: string;
  /** The text in parts, the blanks marked, to highlight them. */
  parts: FilledPart[];
  /** The names of the fields left blank, in order, once each. */
  blanks: string[];
}

/** Fills a saved reply's body from the contact. */
export function fillFields(body: string, contact: ContactFields): Filled {
  const values = contactValues(contact);
  const parts: FilledPart[] = [];
  let at = 0;
  const push = (part: FilledPart) => {
    const last = parts.at(-1);
    if (!part.blank && last && !last.blank) last.text += part.text;
    else if (part.text !== "") parts.push(part);
  };
  for (const match of body.matchAll(FIELD)) {
    push({ text: body.slice(at, match.index) });
    const field = KEYS.get(keyOf(match[1] ?? ""));
    const value = field === undefined ? undefined : values[field];
    push(value === undefined ? { text: match[0], blank: true, field: (match[1] ?? "").trim() } : { text: value });
    at = match.index + match[0].length;
  }
  push({ text: body.slice(at) });
  return {
    text: parts.map((part) => part.text).join(""),
    parts,
    blanks: [...new Set(parts.flatMap((part) => (part.blank ? [part.field] : [])))],
  };
}

/** The blanks still in a text (a field the user has not filled yet), in order, once each. */
export function blanksIn(text: string): string[] {
  return [...new Set([...text.matchAll(FIELD)].map((match) => (match[1] ?? "").trim()))];
}

/** Where the first blank of a text is, to select it for the user to type over. */
export function firstBlankOf(text: string): { start: number; end: number } | undefined {
  const match = new RegExp(FIELD.source, FIELD.flags).exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}
