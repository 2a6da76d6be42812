import { getDatabase, type Database } from "../../db.server";
import { isApiTokenScope, type ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";

export interface ApiTokenSummary {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every token, newest first, without secret material (the hash never leaves the domain). */
export async function listApiTokens(db: Database = getDatabase()): Promise<ApiTokenSummary[]> {
  const rows = await db.apiToken.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, name: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
    take: 500,
  });
  return rows.map((row) => ({ ...row, scopes: row.scopes.filter(isApiTokenScope) }));
}

export async function findApiToken(id: string, db: Database = getDatabase()): Promise<ApiTokenSummary | null> {
  const row = await db.apiToken.findUnique({
    where: { id },
    select: { id: true, name: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
  });
  return row ? { ...row, scopes: row.scopes.filter(isApiTokenScope) } : null;
}
