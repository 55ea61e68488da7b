/** A workspace table's rows, in insertion order, for a spec to compare. */
export function rowsOf<Row>(table: ReadonlyMap<string, Row>): Row[] {
  return [...table.values()];
}
