import { quoteIdent, type SqlRunner } from "../store/sql-runner.js";

/** An index no constraint owns, as Postgres prints it (`pg_get_indexdef`): re-creatable as is. */
export interface SecondaryIndex {
  table: string;
  name: string;
  /** `CREATE [UNIQUE] INDEX name ON schema.table USING method (...)`. */
  definition: string;
  /** Access method: `btree`, `gin`, ... */
  method: string;
}

/**
 * The secondary indexes of `schema` as its migrations made them (primary keys, owned by their
 * constraints, are not among them). A rebuild reads them from its freshly migrated schema, drops
 * them for the bulk load and makes them again after it: the migrations stay the one place an
 * index is written.
 */
export async function secondaryIndexesOf(db: SqlRunner, schema: string): Promise<SecondaryIndex[]> {
  const { rows } = await db.query(
    `select t.relname as table, i.relname as name, pg_get_indexdef(i.oid) as definition, am.amname as method
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
       join pg_am am on am.oid = i.relam
      where n.nspname = $1 and t.relname <> 'mikro_orm_migrations'
        and not exists (select 1 from pg_constraint k
                         where k.conrelid = x.indrelid and k.conindid = x.indexrelid and k.contype in ('p', 'u', 'x'))
      order by t.relname, i.relname`,
    [schema],
  );
  return rows as SecondaryIndex[];
}

export function dropIndexSql(schema: string, index: SecondaryIndex): string {
  return `drop index ${quoteIdent(schema)}.${quoteIdent(index.name)}`;
}
