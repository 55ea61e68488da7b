import type { LabelColour } from "@cloudpa/contracts";
import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * One of an org's labels (issue 15): a name and a colour of the fixed palette. Which
 * conversations carry it is each conversation's `labelIds`; a deleted label's row goes, and its id
 * from every conversation of the org.
 */
export const Label = defineEntity({
  name: "Label",
  tableName: "label",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    name: p.text(),
    colour: p.text().$type<LabelColour>(),
    createdAt: p.datetime().columnType("timestamptz"),
  },
  indexes: [{ name: "label_org_name_idx", properties: ["orgId", "name"] }],
});
export type LabelRow = InferEntity<typeof Label>;
