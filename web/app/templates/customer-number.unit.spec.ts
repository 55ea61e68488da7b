import { describe, expect, it } from "vitest";
import { customerHandleOf } from "./customer-number.ts";

describe("a customer's number as typed in New conversation", () => {
  const uk = "whatsapp:+447911123456";
  const us = "whatsapp:+14155238886";

  it("reads a national number in the country of the number it is sent from", () => {
    expect(customerHandleOf("07700 900777", uk)).toBe("whatsapp:+447700900777");
    expect(customerHandleOf("(415) 523-8886", us)).toBe("whatsapp:+14155238886");
    // A sending number in a fictional range still gives its calling code.
    expect(customerHandleOf("07700 900777", "whatsapp:+447700900123")).toBe("whatsapp:+447700900777");
  });

  it("reads an international number whatever the sending number, with + or the country's exit code", () => {
    expect(customerHandleOf("+44 7700 900777", us)).toBe("whatsapp:+447700900777");
    expect(customerHandleOf("whatsapp:+447700900777", us)).toBe("whatsapp:+447700900777");
    expect(customerHandleOf("0044 7700 900777", uk)).toBe("whatsapp:+447700900777");
    expect(customerHandleOf("011 44 7700 900777", us)).toBe("whatsapp:+447700900777");
  });

  it("refuses what cannot be a phone number there", () => {
    expect(customerHandleOf("12", uk)).toBeUndefined();
    expect(customerHandleOf("call me", uk)).toBeUndefined();
    expect(customerHandleOf("", uk)).toBeUndefined();
    expect(customerHandleOf("07700 900777 000 000 000", uk)).toBeUndefined();
  });
});
