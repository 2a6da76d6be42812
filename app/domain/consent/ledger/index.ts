/**
 * The ledger part's entry for what the browser may also load (ADR 132): the ledger's rows read as records, projections
 * and views, and the one ES256 check a checkpoint's signature gets. The rest of consent reaches the ledger only through
 * this file and index.server.ts.
 */
export { consentViewOfRow, projectionFromRow, recordFromRow, rowFromProjection } from "./ledger-rows";
export type { ConsentEventRow, ConsentStateRow } from "./ledger-rows";
export { verifyEs256Once } from "./checkpoints/verify-es256-once";
