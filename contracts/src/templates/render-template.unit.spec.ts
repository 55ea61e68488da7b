import { describe, expect, it } from "vitest";
import { missingTemplateVariables, renderTemplate, templateVariablesOf } from "./render-template.js";

describe("renderTemplate", () => {
  it("fills each {{n}} with its value, every time it appears", () => {
    expect(renderTemplate("Hi {{1}}, your order {{2}} is ready. Thanks, {{1}}!", { "1": "Ada", "2": "#42" })).toBe(
      "Hi Ada, your order #42 is ready. Thanks, Ada!",
    );
  });

  it("takes spaces inside the braces and named variables, as Twilio does", () => {
    expect(renderTemplate("Hello {{ 1 }} at {{time}}", { "1": "Ada", time: "9:00" })).toBe("Hello Ada at 9:00");
  });

  it("leaves a placeholder without a value as written, and other braces alone", () => {
    expect(renderTemplate("{{1}} and {{2}} {x} {{ }}", { "1": "one" })).toBe("one and {{2}} {x} {{ }}");
  });

  it("puts a value in literally, even one that looks like a placeholder or a replacement pattern", () => {
    expect(renderTemplate("A {{1}} B {{2}}", { "1": "{{2}}", "2": "$&" })).toBe("A {{2}} B $&");
  });

  it("ignores values of variables the body does not name, and inherited names", () => {
    expect(renderTemplate("Hi {{constructor}}", { "9": "x" })).toBe("Hi {{constructor}}");
  });
});

describe("templateVariablesOf and missingTemplateVariables", () => {
  it("lists each variable once, in order of first appearance", () => {
    expect(templateVariablesOf("{{2}} {{1}} {{2}} {{ name }}")).toEqual(["2", "1", "name"]);
    expect(templateVariablesOf("no variables")).toEqual([]);
  });

  it("names the variables without a value (blank counts as none)", () => {
    expect(missingTemplateVariables("{{1}} {{2}} {{3}}", { "1": "a", "2": "  " })).toEqual(["2", "3"]);
    expect(missingTemplateVariables("{{1}}", { "1": "a" })).toEqual([]);
  });
});
