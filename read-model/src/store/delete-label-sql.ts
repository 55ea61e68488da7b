import type { LabelKey } from "../projections/rows.js";
import { quoteIdent } from "./sql-runner.js";
import { type SqlStatement, statement, type ValueMode } from "./sql-statement.js";
import { columnOf } from "./table-spec.js";
import { conversationTable, labelTable } from "./table-specs.js";

/**
 * The statements of deleted labels (issue 15), run before a batch writes its rows: each label's
 * id comes off every conversation of its org that has it (the GIN index of `label_ids` finds
 * them), then the label's row goes. A conversation the batch holds was changed in memory too,
 * and its row written after this is the same.
 */
export function deleteLabelsStatements(schema: string, deleted: readonly LabelKey[], mode: ValueMode): SqlStatement[] {
  const s = quoteIdent(schema);
  const labelIds = columnOf(conversationTable, "labelIds").column;
  const orgOfConversation = columnOf(conversationTable, "orgId").column;
  const orgOfLabel = columnOf(labelTable, "orgId").column;
  const idOfLabel = columnOf(labelTable, "id").column;
  return deleted.flatMap(({ orgId, labelId }) => [
    statement(mode, (v) => {
      const org = v.scalar(orgId, "uuid");
      const id = v.scalar(labelId, "text");
      return (
        `update ${s}.${conversationTable.table} set ${labelIds} = ${labelIds} - ${id} ` +
        `where ${orgOfConversation} = ${org} and ${labelIds} @> jsonb_build_array(${id})`
      );
    }),
    statement(
      mode,
      (v) =>
        `delete from ${s}.${labelTable.table} where ${orgOfLabel} = ${v.scalar(orgId, "uuid")} and ${idOfLabel} = ${v.scalar(labelId, "uuid")}`,
    ),
  ]);
}
