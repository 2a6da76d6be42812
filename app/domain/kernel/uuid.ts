/** A row id as the app's tables make them (`@db.Uuid`): checked before a query, so a malformed id is a clean "not found". */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
