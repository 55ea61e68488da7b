import { CONTACT_DETAIL_LIMITS } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { contactDetailsBodySchema, detailsOf } from "./contact-details.server.ts";

describe("a contact's details as sent (issue 15)", () => {
  it("trims each detail, and clears one left out, null or blank", () => {
    const parsed = contactDetailsBodySchema.parse({ name: "  Ana Lima ", email: null, company: "   " });
    expect(detailsOf(parsed)).toEqual({ name: "Ana Lima", email: null, company: null, notes: null });
  });

  it("refuses a bad email, a detail past its limit, a NUL and an unknown field, naming the limit", () => {
    const refused = (body: unknown) => contactDetailsBodySchema.safeParse(body).error?.issues[0]?.message;
    expect(refused({ email: "ana at example" })).toBe("email is not an email address");
    expect(refused({ name: "x".repeat(CONTACT_DETAIL_LIMITS.name + 1) })).toBe(
      `name is at most ${CONTACT_DETAIL_LIMITS.name} characters`,
    );
    expect(refused({ notes: "x".repeat(CONTACT_DETAIL_LIMITS.notes + 1) })).toContain("4000");
    expect(refused({ company: "a\u0000b" })).toBe("company cannot contain a NUL character");
    expect(refused({ phone: "+1" })).toBeDefined();
    expect(contactDetailsBodySchema.safeParse({ name: "x".repeat(CONTACT_DETAIL_LIMITS.name) }).success).toBe(true);
  });
});
