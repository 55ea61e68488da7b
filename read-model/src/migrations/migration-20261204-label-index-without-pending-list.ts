import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * The label filter's GIN index writes each entry into its tree at once (issue 16, the bench's
 * label on the fewest conversations). With GIN's default `fastupdate`, new entries wait in a
 * pending list that only a vacuum (or a list past `gin_pending_list_limit`, 4 MB) merges, and every
 * search reads that whole list: every message rewrites its conversation's row and so adds an entry.
 * On the bench's seed (no vacuum) the list held all 100,000 rows, a rare label's lookup read 376
 * pages instead of 3, and the planner walked the inbox's keyset index past 5,000 rows to find 51.
 * Without it a rare label is read from its own index and sorted (decision 033). The second
 * statement merges the list an existing index already holds. Frozen as applied since 2026-12-04.
 */
export const Migration20261204LabelIndexWithoutPendingList = sqlMigration(
  "Migration20261204LabelIndexWithoutPendingList",
  "alter index conversation_label_ids_idx set (fastupdate = off)",
  "select gin_clean_pending_list('conversation_label_ids_idx'::regclass)",
);
