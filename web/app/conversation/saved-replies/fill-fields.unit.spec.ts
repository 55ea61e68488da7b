import { describe, expect, it } from "vitest";
import { blanksIn, contactValues, fillFields, firstBlankOf } from "./fill-fields.ts";

const ana = {
  name: "Ana Lima Souza",
  profileName: "ana 🌵",
  email: "ana@example.com",
  company: null,
  handle: "whatsapp:+447700900123",
};

describe("saved reply fields (issue 15)", () => {
  it("fills the contact's fields, whatever their spelling", () => {
    const filled = fillFields("Hi {{first_name}} ({{ Name }}), {{lastName}} · {{EMAIL}} · {{phone}}", ana);
    expect(filled.text).toBe("Hi Ana (Ana Lima Souza), Lima Souza · ana@example.com · +447700900123");
    expect(filled.blanks).toEqual([]);
    expect(filled.parts).toEqual([{ text: filled.text }]);
  });

  it("takes the WhatsApp name when no name was given", () => {
    expect(fillFields("Hello {{first-name}}", { profileName: "  Bea  ", handle: "+1555" }).text).toBe("Hello Bea");
  });

  it("leaves a field the contact has no value for, or an unknown one, as a marked blank", () => {
    const filled = fillFields("Dear {{name}}, {{company}} owes {{ price }}; {{price}} by {{date}}.", {
      handle: "whatsapp:+1555",
    });
    expect(filled.text).toBe("Dear {{name}}, {{company}} owes {{ price }}; {{price}} by {{date}}.");
    expect(filled.blanks).toEqual(["name", "company", "price", "date"]);
    expect(filled.parts.slice(0, 4)).toEqual([
      { text: "Dear " },
      { text: "{{name}}", blank: true, field: "name" },
      { text: ", " },
      { text: "{{company}}", blank: true, field: "company" },
    ]);
  });

  it("keeps what is not a field: single braces, empty braces, a newline inside", () => {
    const body = "{x} {{}} {{a\nb}} {{{name}}}";
    expect(fillFields(body, ana).text).toBe("{x} {{}} {{a\nb}} {Ana Lima Souza}");
  });

  it("knows the blanks left in an edited text and where the first one is", () => {
    expect(blanksIn("Total {{price}}, due {{ date }}, {{price}}")).toEqual(["price", "date"]);
    expect(firstBlankOf("Total {{price}}")).toEqual({ start: 6, end: 15 });
    expect(firstBlankOf("nothing to fill")).toBeUndefined();
  });

  it("treats blank details as missing", () => {
    expect(contactValues({ name: "  ", email: "", handle: null })).toEqual({
      name: undefined,
      first_name: undefined,
      last_name: undefined,
      email: undefined,
      company: undefined,
      phone: undefined,
    });
  });
});
