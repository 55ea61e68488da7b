import type { SqlRunner } from "./sql-runner.js";

/**
 * How a statement carries its values: as `$n` parameters, or inlined as literals so that several
 * statements go to Postgres in one round trip (a simple query). The statement is the same.
 */
export type ValueMode = "parameters" | "literals";

/** One statement and its parameters (none when its values are inlined). */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** A SQL string literal (E'…' when it holds backslashes), safe for any text. */
export function sqlLiteral(text: string): string {
  const quoted = text.replaceAll("'", "''");
  return text.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}

const ARRAY_SPECIAL = /[\\"]/;
const ARRAY_SPECIALS = /[\\"]/g;

/** An array as a typed SQL literal (`'{…}'::type[]`), every element quoted, nulls as NULL. */
export function sqlArray(values: readonly unknown[], type: string): string {
  let text = "{";
  for (let at = 0; at < values.length; at++) {
    const value = values[at];
    if (at > 0) text += ",";
    if (value === null || value === undefined) {
      text += "NULL";
      continue;
    }
    const element = String(value);
    text += ARRAY_SPECIAL.test(element) ? `"${element.replace(ARRAY_SPECIALS, "\\$&")}"` : `"${element}"`;
  }
  return `${sqlLiteral(`${text}}`)}::${type}[]`;
}

/** The values of one statement being built: each goes in as the mode says. */
export class StatementValues {
  readonly values: unknown[] = [];
  constructor(readonly mode: ValueMode) {}

  /** An array of `type`: `$n::type[]`, or its literal. */
  array(values: readonly unknown[], type: string): string {
    if (this.mode === "literals") return sqlArray(values, type);
    this.values.push(values);
    return `$${this.values.length}::${type}[]`;
  }

  /** One value of `type`: `$n::type`, or its literal. */
  scalar(value: string | number, type: string): string {
    if (this.mode === "literals") return `${sqlLiteral(String(value))}::${type}`;
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** A statement whose values `build` renders in the given mode. */
export function statement(mode: ValueMode, build: (values: StatementValues) => string): SqlStatement {
  const values = new StatementValues(mode);
  const text = build(values);
  return { text, values: values.values };
}

/** A statement without values (`begin`, `savepoint …`). */
export function plain(text: string): SqlStatement {
  return { text, values: [] };
}

// biome-ignore lint/suspicious/noExplicitAny: rows are mapped by the table specs
export type StatementResult = { rows: any[] };

/**
 * Runs statements in order and returns the result of each. When none has parameters they go in
 * one round trip (a multi-statement simple query, which stops at the first error); otherwise one
 * after the other, as one connection runs them anyway.
 */
export async function runStatements(db: SqlRunner, statements: readonly SqlStatement[]): Promise<StatementResult[]> {
  if (statements.length === 0) return [];
  if (statements.every((one) => one.values.length === 0)) {
    const result = await db.query(statements.map((one) => one.text).join(";\n"));
    return statements.length === 1 ? [result] : (result as unknown as StatementResult[]);
  }
  const results: StatementResult[] = [];
  for (const one of statements) results.push(await db.query(one.text, one.values));
  return results;
}
