import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "#app/db/queryable.server.ts";
import { isCommonPassword } from "./common-passwords.server.ts";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./passwords.server.ts";

/** The longest password taken, at sign-up and at log-in (argon2 hashes any length; this bounds the work). */
const MAX_PASSWORD_LENGTH = 200;

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254));
/**
 * The rules of a new password, all here: 10 to 200 characters, not on the bundled list of common
 * and breached passwords, and (see passwordIsAboutEmail) not the account's email.
 */
export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((password) => !isCommonPassword(password), {
    message: "This password is too common (it is on lists of leaked passwords); choose another",
  });

const PASSWORD_ABOUT_EMAIL = "Do not use your email address in your password";

/**
 * True when the password is the email, its local part, or contains either. A local part under
 * 4 characters ("jo@…") counts only when it is the whole password: shorter strings turn up in
 * ordinary words.
 */
export function passwordIsAboutEmail(password: string, email: string): boolean {
  const typed = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.slice(0, Math.max(0, address.lastIndexOf("@")));
  if (typed.includes(address) || typed === localPart) return true;
  return localPart.length >= 4 && typed.includes(localPart);
}

/** A new password for the account with `email` (a password change uses this, as sign-up does). */
export function newPasswordSchema(email: string) {
  return passwordSchema.refine((password) => !passwordIsAboutEmail(password, email), { message: PASSWORD_ABOUT_EMAIL });
}

export const signUpSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    businessName: z.string().trim().min(1, "Name your business").max(80),
  })
  .superRefine(({ email, password }, context) => {
    if (passwordIsAboutEmail(password, email))
      context.addIssue({ code: "custom", path: ["password"], message: PASSWORD_ABOUT_EMAIL });
  });
export type SignUp = z.infer<typeof signUpSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(MAX_PASSWORD_LENGTH),
});

export interface Account {
  userId: string;
  orgId: string;
  email: string;
  orgName: string;
}

export class AccountError extends Error {
  override name = "AccountError";
  readonly code: "ACCOUNT.EMAIL_TAKEN";
  constructor(code: "ACCOUNT.EMAIL_TAKEN", message: string) {
    super(message);
    this.code = code;
  }
}

/** Creates a freelancer, their org and their membership of it, in one transaction. */
export async function createAccount(db: Queryable, input: SignUp & { orgId?: string }): Promise<Account> {
  const passwordHash = await hashPassword(input.password);
  const userId = randomUUID();
  const orgId = input.orgId ?? randomUUID();
  try {
    const { rows } = await db.query<{ user_id: string }>(
      `WITH org AS (
         INSERT INTO app.orgs (id, name) VALUES ($3, $4)
         ON CONFLICT (id) DO UPDATE SET name = app.orgs.name RETURNING id
       ), usr AS (
         INSERT INTO app.users (id, email, password_hash) VALUES ($1, $2, $5) RETURNING id
       )
       INSERT INTO app.memberships (user_id, org_id) SELECT usr.id, org.id FROM usr, org RETURNING user_id`,
      [userId, input.email, orgId, input.businessName, passwordHash],
    );
    if (rows.length !== 1) throw new Error("account was not created");
  } catch (error) {
    if ((error as { code?: string }).code === "23505")
      throw new AccountError("ACCOUNT.EMAIL_TAKEN", "An account with this email already exists");
    throw error;
  }
  return { userId, orgId, email: input.email, orgName: input.businessName };
}

/** An account's columns over `app.users u`, `app.memberships m` and `app.orgs o`, read back by `toAccount`. */
export const ACCOUNT_COLUMNS = `u.id AS user_id, u.email, m.org_id, o.name AS org_name`;
export interface AccountRow {
  user_id: string;
  email: string;
  org_id: string;
  org_name: string;
}
export const toAccount = (row: AccountRow): Account => ({
  userId: row.user_id,
  email: row.email,
  orgId: row.org_id,
  orgName: row.org_name,
});

/** The account for an email and password, or undefined; unknown emails take as long as wrong passwords. */
export async function verifyCredentials(db: Queryable, email: string, password: string): Promise<Account | undefined> {
  const { rows } = await db.query<AccountRow & { password_hash: string }>(
    `SELECT ${ACCOUNT_COLUMNS}, u.password_hash
       FROM app.users u JOIN app.memberships m ON m.user_id = u.id JOIN app.orgs o ON o.id = m.org_id
      WHERE lower(u.email) = lower($1)
      ORDER BY m.created_at LIMIT 1`,
    [email],
  );
  const row = rows[0];
  if (!row) {
    await verifyPassword(await decoyPasswordHash(), password);
    return undefined;
  }
  return (await verifyPassword(row.password_hash, password)) ? toAccount(row) : undefined;
}

/** Sets a user's password (the hash of it); the caller decides what else a new password ends. */
export async function setPassword(db: Queryable, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const { rowCount } = await db.query("UPDATE app.users SET password_hash = $2 WHERE id = $1", [userId, passwordHash]);
  if (rowCount !== 1) throw new Error(`no user ${userId}`);
}

export async function findAccountByEmail(db: Queryable, email: string): Promise<Account | undefined> {
  const { rows } = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS}
       FROM app.users u JOIN app.memberships m ON m.user_id = u.id JOIN app.orgs o ON o.id = m.org_id
      WHERE lower(u.email) = lower($1)
      ORDER BY m.created_at LIMIT 1`,
    [email],
  );
  return rows[0] && toAccount(rows[0]);
}

export async function findAccount(db: Queryable, userId: string, orgId: string): Promise<Account | undefined> {
  const { rows } = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS}
       FROM app.users u JOIN app.memberships m ON m.user_id = u.id JOIN app.orgs o ON o.id = m.org_id
      WHERE u.id = $1 AND m.org_id = $2`,
    [userId, orgId],
  );
  return rows[0] && toAccount(rows[0]);
}
