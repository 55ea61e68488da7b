import type { Queryable } from "#app/db/queryable.server.ts";

/** Whether a user is platform staff who may read any org's event history (app migration 0006). */
export async function isOperator(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query<{ is_operator: boolean }>("SELECT is_operator FROM app.users WHERE id = $1", [
    userId,
  ]);
  return rows[0]?.is_operator === true;
}

/** Grants or revokes the operator flag of the user with that email; false when there is no such user. */
export async function setOperator(db: Queryable, email: string, operator: boolean): Promise<boolean> {
  const { rowCount } = await db.query("UPDATE app.users SET is_operator = $2 WHERE lower(email) = lower($1)", [
    email,
    operator,
  ]);
  return (rowCount ?? 0) > 0;
}

export async function listOperators(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ email: string }>("SELECT email FROM app.users WHERE is_operator ORDER BY email");
  return rows.map((row) => row.email);
}
