/** Escapes a vCard 3.0 text value. */
function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/([,;])/g, "\\$1");
}

/** The vCard WhatsApp sends for a shared contact: a name and its numbers. */
export function contactVcard(contact: { name: string; phones: string[] }): string {
  const lines = ["BEGIN:VCARD", "VERSION:3.0", `N:;${escapeText(contact.name)};;;`, `FN:${escapeText(contact.name)}`];
  for (const phone of contact.phones) lines.push(`TEL;type=CELL;waid=${phone.replace(/\D/g, "")}:${escapeText(phone)}`);
  lines.push("END:VCARD");
  return `${lines.join("\r\n")}\r\n`;
}
