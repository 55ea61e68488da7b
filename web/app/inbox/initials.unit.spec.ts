import { describe, expect, it } from "vitest";
import { initialsOf } from "./initials.ts";

describe("a contact's initials in the inbox list", () => {
  it("takes the first letter of the first two words that have one", () => {
    expect(initialsOf("Maya Patel")).toBe("MP");
    expect(initialsOf("Maya (kitchen)")).toBe("MK");
    expect(initialsOf("  linus  ")).toBe("L");
    expect(initialsOf("Ana María López")).toBe("AM");
    expect(initialsOf("Élodie 'Lo' Durand")).toBe("ÉL");
    expect(initialsOf("Дмитрий Иванов")).toBe("ДИ");
  });

  it("shows # for a number and ? when no word has a letter", () => {
    expect(initialsOf("whatsapp:+447700900123")).toBe("#");
    expect(initialsOf("+44 7700 900123")).toBe("#");
    expect(initialsOf("🌻")).toBe("?");
    expect(initialsOf("")).toBe("?");
  });
});
