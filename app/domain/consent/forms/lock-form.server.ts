import type { Transaction } from "../../../db.server";

// Two-key advisory locks live apart from the ledger's one-key lock; the first key names what is locked.
const FORM_LOCK_CLASS = 0x666f726d; // "form"

/**
 * A form's lock, held to the end of the transaction (ADR 016). Exclusive: opening a draft (two staff members
 * clicking at once cannot open two) and publishing a version. Shared: signing a consent, so signatures go on side
 * by side but never while a version is being published. Taken before any participant's lock.
 */
export async function lockForm(tx: Transaction, formKey: string, mode: "exclusive" | "shared"): Promise<void> {
  if (mode === "shared") await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${FORM_LOCK_CLASS}::int, hashtext(${formKey}))`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FORM_LOCK_CLASS}::int, hashtext(${formKey}))`;
}
