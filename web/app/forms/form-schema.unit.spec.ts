import { MAX_REPLY_LENGTH } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { replyFormSchema } from "#app/inbox/send-reply.server.ts";
import { fieldErrorsOf, formFields, parseForm } from "./form-schema.ts";

const schema = z.object({
  name: z.string().trim().min(1, "Name it").max(60),
  code: z.string().regex(/^[a-z]{3}$/),
  email: z.email(),
  label: z.string().trim().max(20).optional(),
  scopes: z.preprocess((value) => value ?? "read", z.string().min(1, "Pick one")),
});

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};

describe("a form's schema on both sides", () => {
  it("gives each field its input attributes: name, required, lengths and pattern (not a format's)", () => {
    expect(formFields(schema)).toEqual({
      name: { name: "name", required: true, minLength: 1, maxLength: 60 },
      code: { name: "code", required: true, pattern: "^[a-z]{3}$" },
      email: { name: "email", required: true },
      label: { name: "label", required: false, maxLength: 20 },
      scopes: { name: "scopes", required: true, minLength: 1 },
    });
  });

  it("takes a refined limit from the schema's metadata: the reply's text", () => {
    expect(formFields(replyFormSchema).text.maxLength).toBe(MAX_REPLY_LENGTH);
  });

  it("parses the posted fields with the same schema: an optional field left empty is absent, a missing one keeps its default", () => {
    const parsed = parseForm(
      schema,
      formOf({ name: " Ada ", code: "abc", email: "a@example.com", label: "", csrf: "x" }),
    );
    expect(parsed.success && parsed.data).toEqual({ name: "Ada", code: "abc", email: "a@example.com", scopes: "read" });
  });

  it("names the first problem of each field, and of the form", () => {
    const parsed = parseForm(schema, formOf({ name: "", code: "ab", email: "a@example.com", scopes: "" }));
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(fieldErrorsOf(schema, parsed.error)).toEqual({
        name: "Name it",
        code: expect.any(String),
        scopes: "Pick one",
      });
  });
});
