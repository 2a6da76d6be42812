import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { withPooledClient, type BridgePool } from "../db/bridge-pool";
import type { DecisionLogEntry } from "./decision-log-entry";

const COPY_DECISION_ROWS = `COPY bridge.decision_log
  (request_id, client_id, subject, action, purpose, recipient, allowed, reason, pseudonym, consent_version, event_id, evaluated_at)
  FROM STDIN`;

/**
 * Writes decision-log rows with COPY, as one statement (all or none). The bridge logs a row per decision — thousands
 * a second, on the same machine as the database — and PostgreSQL takes COPY text for about half the CPU per row of
 * an INSERT from a JSON parameter (measured: 6 µs against 12 µs a row), while building the text costs the event loop
 * what JSON.stringify of the rows did.
 */
export async function copyDecisionRows(pool: BridgePool, rows: readonly DecisionLogEntry[]): Promise<void> {
  // A connection that failed mid-COPY is discarded rather than handed to the next query.
  await withPooledClient(pool, (client) => pipeline(Readable.from([Buffer.from(copyText(rows), "utf8")]), client.query(copyFrom(COPY_DECISION_ROWS))));
}

/** COPY's text format: tab between columns, a newline after each row, `\N` for null. */
export function copyText(rows: readonly DecisionLogEntry[]): string {
  let text = "";
  for (const row of rows) {
    text += `${row.requestId}\t${field(row.clientId)}\t${field(row.subject)}\t${field(row.action)}\t${field(row.purpose)}\t${field(row.recipient)}\t${
      row.allowed ? "t" : "f"
    }\t${field(row.reason)}\t${field(row.pseudonym)}\t${row.consentVersion ?? "\\N"}\t${field(row.eventId)}\t${field(row.evaluatedAt)}\n`;
  }
  return text;
}

// Echoed text of a malformed item may hold anything except U+0000 (evaluate-decision.ts removes it); these four
// would end a field or a row, or start an escape.
const needsEscape = /[\\\t\n\r]/;
const escapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function field(value: string | null): string {
  if (value === null) return "\\N";
  return needsEscape.test(value) ? value.replace(/[\\\t\n\r]/g, (character) => escapes[character]!) : value;
}
