import { createHash } from "node:crypto";
import type { InferKyselyDB } from "@mikro-orm/postgresql";
import {
  type Compilable,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from "kysely";
import type { readModelEntities } from "../orm.js";
import type { SqlQueryable } from "./sql-queryable.js";

/**
 * The read model's tables and columns as Postgres names them, inferred from the entities by
 * MikroORM: the type `em.getKysely()` gives, with no EntityManager needed to have it.
 */
export type ReadModelDb = InferKyselyDB<(typeof readModelEntities)[number]>;

/**
 * Builds and compiles only: the caller's connection runs the SQL, so a page's reads share the
 * snapshot its loader opened with the checkpoint, a test can see the SQL sent, and the web
 * needs no ORM instance to read.
 */
const builder = new Kysely<ReadModelDb>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const PLACEHOLDER = Symbol("placeholder");

interface Placeholder {
  readonly [PLACEHOLDER]: string;
}

function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === "object" && value !== null && PLACEHOLDER in value;
}

/**
 * A read-model query typed by the builder and compiled once per schema and shape, then only
 * run: building and compiling a query with Kysely takes longer than the query's own share of
 * a page load (0.1-0.6 ms against 1-4 ms, measured for issue 13), so it is not paid per page.
 * `build` gets stand-ins for the values (and the schema, for SQL written outside the builder); the compiled parameters name which value goes where,
 * and every call sends the same SQL with its own values on the caller's connection (a pg Pool,
 * Client, or a snapshot's client). `shape` is what changes the SQL itself (which filters apply);
 * keep it small, as each shape seen is kept with each schema seen.
 */
export function compiledQuery<Values extends object, Row extends object, Shape = unknown>(
  build: (db: Kysely<ReadModelDb>, values: Values, shape: Shape, schema: string) => Compilable<Row>,
  options: CompiledQueryOptions<Shape> = {},
): (
  db: SqlQueryable,
  schema: string,
  values: Values,
  ...shape: unknown extends Shape ? [] : [Shape]
) => Promise<Row[]> {
  const compiled = new Map<string, { sql: string; order: string[]; name: string | undefined }>();
  const compile = (schema: string, names: string[], shape: Shape) => {
    const placeholders = Object.fromEntries(names.map((name) => [name, { [PLACEHOLDER]: name }]));
    const query = build(builder.withSchema(schema), placeholders as Values, shape, schema).compile();
    const order = query.parameters.map((value) => {
      if (!isPlaceholder(value))
        throw new Error(`a compiled query must take every value from its values: ${query.sql}`);
      return value[PLACEHOLDER];
    });
    const prepared = typeof options.prepared === "function" ? options.prepared(shape) : options.prepared;
    return { sql: query.sql, order, name: prepared ? preparedName(query.sql) : undefined };
  };
  return async (db, schema, values, ...[shape]) => {
    const key = shape === undefined ? schema : `${schema}\u0000${JSON.stringify(shape)}`;
    let query = compiled.get(key);
    if (!query) {
      query = compile(schema, Object.keys(values), shape as Shape);
      compiled.set(key, query);
    }
    const byName = values as Record<string, unknown>;
    const ordered = query.order.map((name) => byName[name]);
    const { rows } = query.name
      ? await db.query<Row>({ name: query.name, text: query.sql, values: ordered })
      : await db.query<Row>(query.sql, ordered);
    return rows;
  };
}

/**
 * A row count written into a statement's SQL as a literal, not sent as a value (issue 16). Postgres
 * plans a LIMIT parameter in a generic plan as a tenth of the rows: for the org's latest 5
 * customer messages of 1M, a parallel scan costed 450 times the custom plan (55 ms run against
 * 0.1 ms), so a named statement went on being planned on every run and saved nothing. With the
 * count in the text the generic plan is the custom plan, and a named statement is planned once.
 * For a small, fixed count (a page size, a badge's cap): each count is a text of its own.
 */
export function statementLimit(count: number) {
  return sql.lit(Math.max(0, Math.trunc(count)));
}

export interface CompiledQueryOptions<Shape = unknown> {
  /**
   * Send it as a named statement, which each connection parses and plans once and then only
   * binds (issue 16). Only for a statement whose plan does not depend on its values (lookups by
   * keys, walks of an index in its order that stop after a count written by statementLimit):
   * after five runs Postgres may keep one generic plan for every later value. A function names
   * the shapes that qualify.
   */
  prepared?: boolean | ((shape: Shape) => boolean);
}

/** One name per SQL text (schema and shape are in the text): a text's name never names another. */
function preparedName(text: string): string {
  return `rm_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}
