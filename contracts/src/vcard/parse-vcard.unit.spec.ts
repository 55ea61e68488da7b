import { describe, expect, it } from "vitest";
import { parseVCard } from "./parse-vcard.js";

describe("parseVCard", () => {
  it("reads the name and typed numbers of a WhatsApp shared contact (vCard 3.0)", () => {
    const card = [
      "BEGIN:VCARD",
      "VERSION:3.0",
      "N:Okafor;Ada;;;",
      "FN:Ada Okafor",
      "item1.TEL;type=CELL;waid=447700900456:+44 7700 900456",
      "item1.X-ABLabel:Mobile",
      "TEL;TYPE=WORK,VOICE:+44 20 7946 0958",
      "END:VCARD",
    ].join("\r\n");
    expect(parseVCard(card)).toEqual([
      {
        name: "Ada Okafor",
        numbers: [
          { number: "+44 7700 900456", type: "cell" },
          { number: "+44 20 7946 0958", type: "work" },
        ],
      },
    ]);
  });

  it("reads several cards, folded lines and escapes, and falls back from FN to N to the number", () => {
    const cards = [
      "BEGIN:VCARD",
      "VERSION:4.0",
      "FN:Jean-Luc\\, the plum",
      " ber",
      "TEL;VALUE=uri:tel:+33-1-23-45-67-89",
      "END:VCARD",
      "BEGIN:VCARD",
      "N:Smith;Jo;;Dr.;",
      "END:VCARD",
      "BEGIN:VCARD",
      "TEL:+15551234567",
      "END:VCARD",
      "BEGIN:VCARD",
      "NOTE:nothing to show",
      "END:VCARD",
    ].join("\n");
    expect(parseVCard(cards)).toEqual([
      { name: "Jean-Luc, the plumber", numbers: [{ number: "+33-1-23-45-67-89" }] },
      { name: "Dr. Jo Smith", numbers: [] },
      { name: "+15551234567", numbers: [{ number: "+15551234567" }] },
    ]);
  });

  it("never throws on text that is not a vCard", () => {
    expect(parseVCard("")).toEqual([]);
    expect(parseVCard("hello\nTEL:+1\nEND:VCARD")).toEqual([]);
    expect(parseVCard("BEGIN:VCARD\nFN:cut off")).toEqual([]);
  });
});
