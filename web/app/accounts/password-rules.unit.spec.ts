import { describe, expect, it } from "vitest";
import { newPasswordSchema, passwordIsAboutEmail, passwordSchema, signUpSchema } from "./accounts.server.ts";
import { isCommonPassword } from "./common-passwords.server.ts";

const signUp = (email: string, password: string) => signUpSchema.safeParse({ email, password, businessName: "Ada" });
const passwordErrors = (result: ReturnType<typeof signUp>) =>
  result.success ? [] : result.error.issues.filter((issue) => issue.path[0] === "password").map((i) => i.message);

describe("the new-password rules (signUpSchema, newPasswordSchema)", () => {
  it("keeps the length rule: 10 to 200 characters", () => {
    expect(passwordErrors(signUp("ada@example.com", "tr0ub4dor"))).toContain("Use at least 10 characters");
    expect(passwordErrors(signUp("ada@example.com", "x".repeat(201)))).toContain("Use at most 200 characters");
    expect(signUp("ada@example.com", "tr0ub4dor&3 horse").success).toBe(true);
  });

  it("refuses common and breached passwords from the bundled list, in any case", () => {
    for (const password of ["password123", "qwertyuiop", "1234567890", "1q2w3e4r5t", "PassWord123", "basketball"]) {
      expect(isCommonPassword(password), password).toBe(true);
      expect(passwordErrors(signUp("ada@example.com", password)), password).toEqual([
        "This password is too common (it is on lists of leaked passwords); choose another",
      ]);
    }
    expect(isCommonPassword("correct horse battery")).toBe(false);
  });

  it("refuses a password equal to the email or its local part, or containing either", () => {
    const about = "Do not use your email address in your password";
    expect(passwordErrors(signUp("Grace.Hopper@Example.com", "grace.hopper@example.com"))).toEqual([about]);
    expect(passwordErrors(signUp("grace.hopper@example.com", "Grace.Hopper"))).toEqual([about]);
    expect(passwordErrors(signUp("gracehopper1906@example.com", "gracehopper1906"))).toEqual([about]);
    expect(passwordErrors(signUp("grace@example.com", "I am grace, 1906!"))).toEqual([about]);
    // A local part under 4 characters counts only as the whole password: "jo" is in "enjoy".
    expect(passwordIsAboutEmail("enjoy the quiet", "jo@example.com")).toBe(false);
    expect(passwordIsAboutEmail("jo@example.com!!", "jo@example.com")).toBe(true);
    expect(signUp("jo@example.com", "enjoy the quiet").success).toBe(true);
  });

  it("gives a password change the same rules through newPasswordSchema", () => {
    const change = newPasswordSchema("grace@example.com");
    expect(change.safeParse("a fine long passphrase").success).toBe(true);
    expect(change.safeParse("password123").success).toBe(false);
    expect(change.safeParse("short").success).toBe(false);
    expect(change.safeParse("grace@example.com").success).toBe(false);
    expect(passwordSchema.safeParse("grace@example.com").success).toBe(true); // the email rule needs the email
  });

  it("reports each rule as the password field's message, for the form to show", () => {
    const result = signUp("not an email", "qwertyuiop");
    expect(result.success).toBe(false);
    if (!result.success)
      expect(result.error.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(["email", "password"]));
  });
});
