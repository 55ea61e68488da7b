/** A shared contact as the inbox shows it: a name and the numbers to call or write. */
export interface SharedContact {
  name: string;
  numbers: { number: string; type?: string }[];
}

/** A vCard body larger than this is not a contact WhatsApp shares. */
export const MAX_VCARD_BYTES = 256 * 1024;

/**
 * Parses a vCard (2.1, 3.0 or 4.0) body into its contacts: the name from FN (else N), the
 * numbers from TEL with their TYPE. Pure and forgiving: folded lines are joined, escapes
 * undone, unknown properties ignored, a card with neither name nor number left out.
 */
export function parseVCard(text: string): SharedContact[] {
  const lines = text
    .slice(0, MAX_VCARD_BYTES)
    .replace(/\r\n|\r/g, "\n")
    .replace(/\n[ \t]/g, "")
    .split("\n");
  const contacts: SharedContact[] = [];
  let card: { fn?: string; n?: string; numbers: SharedContact["numbers"] } | undefined;
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const [rawName = "", ...paramParts] = line.slice(0, colon).split(";");
    const name = rawName.replace(/^item\d+\./i, "").toUpperCase();
    const value = line.slice(colon + 1);
    if (name === "BEGIN" && value.trim().toUpperCase() === "VCARD") {
      card = { numbers: [] };
      continue;
    }
    if (!card) continue;
    if (name === "END" && value.trim().toUpperCase() === "VCARD") {
      const shown = card.fn || card.n || card.numbers[0]?.number;
      if (shown) contacts.push({ name: shown, numbers: card.numbers });
      card = undefined;
    } else if (name === "FN") {
      card.fn = unescapeValue(value).trim();
    } else if (name === "N") {
      const [family = "", given = "", middle = "", prefix = "", suffix = ""] = splitUnescaped(value, ";");
      card.n = [prefix, given, middle, family, suffix].filter(Boolean).join(" ").trim();
    } else if (name === "TEL") {
      const number = unescapeValue(value.replace(/^tel:/i, "")).trim();
      if (!number) continue;
      const types = paramParts
        .flatMap((part) => {
          const [key, val] = part.includes("=") ? part.split("=", 2) : ["TYPE", part];
          return key?.toUpperCase() === "TYPE" ? (val ?? "").split(",") : [];
        })
        .map((type) => type.replace(/"/g, "").trim().toLowerCase())
        .filter((type) => type && type !== "voice" && type !== "pref");
      card.numbers.push(types.length > 0 ? { number, type: types.join(", ") } : { number });
    }
  }
  return contacts;
}

function unescapeValue(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, c: string) => (c === "n" || c === "N" ? " " : c));
}

function splitUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\" && i + 1 < value.length) {
      current += value.slice(i, i + 2);
      i++;
    } else if (c === separator) {
      parts.push(unescapeValue(current));
      current = "";
    } else current += c;
  }
  parts.push(unescapeValue(current));
  return parts;
}
