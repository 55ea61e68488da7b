import { quotedSchema, type SqlQueryable } from "./sql-queryable.js";

export interface OrgChannel {
  id: string;
  externalPhoneId: string;
  accountSid: string;
  displayName: string | null;
  isActive: boolean;
  connectedAt: Date;
  disconnectedAt: Date | null;
}

/** The org's channels as projected, active first. */
export async function channelsOfOrg(
  db: SqlQueryable,
  input: { orgId: string; schema?: string },
): Promise<OrgChannel[]> {
  const s = quotedSchema(input.schema ?? "readmodel");
  const { rows } = await db.query<{
    id: string;
    external_phone_id: string;
    account_sid: string;
    display_name: string | null;
    is_active: boolean;
    connected_at: Date;
    disconnected_at: Date | null;
  }>(
    `SELECT id, external_phone_id, account_sid, display_name, is_active, connected_at, disconnected_at
       FROM ${s}.chat_account WHERE org_id = $1
      ORDER BY is_active DESC, connected_at DESC LIMIT 100`,
    [input.orgId],
  );
  return rows.map((r) => ({
    id: r.id,
    externalPhoneId: r.external_phone_id,
    accountSid: r.account_sid,
    displayName: r.display_name,
    isActive: r.is_active,
    connectedAt: r.connected_at,
    disconnectedAt: r.disconnected_at,
  }));
}
