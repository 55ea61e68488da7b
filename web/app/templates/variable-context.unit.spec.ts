import { describe, expect, it } from "vitest";
import { variableContextOf } from "./variable-context.ts";

const reminder = "Hi {{1}}, a reminder of your appointment on {{2}} at {{3}}. Reply here to confirm or to move it.";

describe("a template variable's context", () => {
  it("gives the words around each variable, within its sentence and up to the next variable", () => {
    expect(variableContextOf(reminder, "1")).toBe("Hi ___, a reminder…");
    expect(variableContextOf(reminder, "2")).toBe("…your appointment on ___ at…");
    expect(variableContextOf(reminder, "3")).toBe("…at ___.");
  });

  it("starts at a sentence's start and stops at its end", () => {
    expect(variableContextOf("Thanks! Your quote for {{1}} is ready.", "1")).toBe("Your quote for ___ is ready.");
    expect(variableContextOf("Done.\n{{1}} is on its way", "1")).toBe("___ is on its…");
  });

  it("is the blank alone for a body that is only the variable, and empty for a variable it does not hold", () => {
    expect(variableContextOf("{{1}}", "1")).toBe("___");
    expect(variableContextOf(reminder, "4")).toBe("");
  });
});
